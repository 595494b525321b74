/*
 * The yardstick of vlogit's multinomial (softmax) epoch: the same work in C, vectorized for the
 * machine that builds it, called through JNI from SoftmaxEpochBench ("native-c"). Built and loaded
 * with fused_epoch.c (NativeEpoch).
 *
 * Per block of 16 examples: the K logits four examples x four classes at a time (16 vector
 * accumulators, each load of x and of a class's weights used four times), the softmax across the
 * block's examples (expf and logf through libmvec), dz = p - [y = c], then G += dz x four classes
 * at a time while the block is in L1. Float within 256 examples, double across them, like vlogit.
 * Classes are padded to a multiple of four with zero rows, as vlogit's kernel does.
 */
#include <jni.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__AVX512F__)
#define SW 16
#elif defined(__AVX__)
#define SW 8
#else
#define SW 4
#endif
#define SB 16
#define SFLUSH 256

typedef float sv __attribute__((vector_size(SW * sizeof(float))));

static inline sv sload(const float *p) {
  sv v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void sstore(float *p, sv v) { memcpy(p, &v, sizeof v); }

/* out[4c + e]: the logit of example e (x[e]) and class row c (w + c n), without the bias. */
static void dot16(const float *const *x, const float *w, int n, float *out) {
  sv a[4][4];
  memset(a, 0, sizeof a);
  int full = n / SW * SW;
  for (int i = 0; i < full; i += SW) {
    sv xv[4], wv[4];
    for (int e = 0; e < 4; e++) xv[e] = sload(x[e] + i);
    for (int c = 0; c < 4; c++) wv[c] = sload(w + (size_t)c * n + i);
    for (int c = 0; c < 4; c++)
      for (int e = 0; e < 4; e++) a[c][e] += xv[e] * wv[c];
  }
  for (int c = 0; c < 4; c++) {
    for (int e = 0; e < 4; e++) {
      float s = 0;
      for (int l = 0; l < SW; l++) s += a[c][e][l];
      for (int i = full; i < n; i++) s += x[e][i] * w[(size_t)c * n + i];
      out[4 * c + e] = s;
    }
  }
}

/* out[c n + i]: sum of dz x; out[k n + c]: sum of dz; out[k n + k]: sum of the loss. */
static void softmax_epoch(const float *x, const float *y, int n, int m, int k, const float *w,
                          const float *b, double *out) {
  int kp = (k + 3) / 4 * 4;
  float *wp = calloc((size_t)kp * n, sizeof(float));
  float *z = calloc((size_t)kp * SB, sizeof(float));
  float *dz = calloc((size_t)kp * SB, sizeof(float));
  float *g = calloc((size_t)kp * n, sizeof(float));
  float *dzacc = calloc((size_t)k, sizeof(float));
  memcpy(wp, w, (size_t)k * n * sizeof(float));
  memset(out, 0, ((size_t)k * n + k + 1) * sizeof(double));
  double loss = 0;
  int full = n / SW * SW;
  int since = 0;
  for (int j0 = 0; j0 < m; j0 += SB) {
    int cnt = m - j0 < SB ? m - j0 : SB;
    const float *xe[SB];
    for (int e = 0; e < SB; e++) xe[e] = x + (size_t)(j0 + (e < cnt ? e : cnt - 1)) * n;
    float t[16];
    for (int e = 0; e < SB; e += 4) {
      for (int c = 0; c < kp; c += 4) {
        dot16(xe + e, wp + (size_t)c * n, n, t);
        for (int q = 0; q < 16; q++) {
          int cc = c + q / 4;
          z[cc * SB + e + q % 4] = t[q] + (cc < k ? b[cc] : 0);
        }
      }
    }
    float mx[SB], sum[SB], yl[SB];
    for (int e = 0; e < SB; e++) {
      mx[e] = z[e];
      sum[e] = 0;
      yl[e] = e < cnt ? y[j0 + e] : -1;
    }
    for (int c = 1; c < k; c++) {
#pragma omp simd
      for (int e = 0; e < SB; e++) mx[e] = fmaxf(mx[e], z[c * SB + e]);
    }
    for (int c = 0; c < k; c++) {
#pragma omp simd
      for (int e = 0; e < SB; e++) {
        float ex = expf(z[c * SB + e] - mx[e]);
        dz[c * SB + e] = ex;
        sum[e] += ex;
      }
    }
    float lg[SB];
#pragma omp simd
    for (int e = 0; e < SB; e++) lg[e] = logf(sum[e]);
    for (int e = 0; e < cnt; e++) loss += mx[e] + lg[e] - z[(int)yl[e] * SB + e];
    for (int c = 0; c < k; c++) {
      float s = 0;
#pragma omp simd reduction(+ : s)
      for (int e = 0; e < SB; e++) {
        float d = dz[c * SB + e] / sum[e] - (yl[e] == (float)c ? 1.0f : 0.0f);
        d = e < cnt ? d : 0.0f;
        dz[c * SB + e] = d;
        s += d;
      }
      dzacc[c] += s;
    }
    for (int c = 0; c < kp; c += 4) {
      float *g0 = g + (size_t)c * n;
      const float *d0 = dz + c * SB;
      for (int i = 0; i < full; i += SW) {
        sv s0 = sload(g0 + i), s1 = sload(g0 + n + i), s2 = sload(g0 + 2 * n + i),
           s3 = sload(g0 + 3 * n + i);
        for (int e = 0; e < SB; e++) {
          sv xv = sload(xe[e] + i);
          s0 += d0[e] * xv;
          s1 += d0[SB + e] * xv;
          s2 += d0[2 * SB + e] * xv;
          s3 += d0[3 * SB + e] * xv;
        }
        sstore(g0 + i, s0);
        sstore(g0 + n + i, s1);
        sstore(g0 + 2 * n + i, s2);
        sstore(g0 + 3 * n + i, s3);
      }
      for (int i = full; i < n; i++)
        for (int q = 0; q < 4; q++)
          for (int e = 0; e < SB; e++) g0[(size_t)q * n + i] += d0[q * SB + e] * xe[e][i];
    }
    since += SB;
    if (since >= SFLUSH || j0 + SB >= m) {
      for (size_t i = 0; i < (size_t)k * n; i++) {
        out[i] += g[i];
        g[i] = 0;
      }
      for (int c = 0; c < k; c++) {
        out[(size_t)k * n + c] += dzacc[c];
        dzacc[c] = 0;
      }
      since = 0;
    }
  }
  out[(size_t)k * n + k] = loss;
  free(wp);
  free(z);
  free(dz);
  free(g);
  free(dzacc);
}

JNIEXPORT void JNICALL Java_io_vlogit_bench_NativeEpoch_softmaxEpoch(
    JNIEnv *env, jclass cls, jfloatArray jx, jfloatArray jy, jint n, jint m, jint k,
    jfloatArray jw, jfloatArray jb, jdoubleArray jout) {
  (void)cls;
  float *x = (*env)->GetPrimitiveArrayCritical(env, jx, NULL);
  float *y = (*env)->GetPrimitiveArrayCritical(env, jy, NULL);
  float *w = (*env)->GetPrimitiveArrayCritical(env, jw, NULL);
  float *b = (*env)->GetPrimitiveArrayCritical(env, jb, NULL);
  double *out = (*env)->GetPrimitiveArrayCritical(env, jout, NULL);
  softmax_epoch(x, y, n, m, k, w, b, out);
  (*env)->ReleasePrimitiveArrayCritical(env, jout, out, 0);
  (*env)->ReleasePrimitiveArrayCritical(env, jb, b, JNI_ABORT);
  (*env)->ReleasePrimitiveArrayCritical(env, jw, w, JNI_ABORT);
  (*env)->ReleasePrimitiveArrayCritical(env, jy, y, JNI_ABORT);
  (*env)->ReleasePrimitiveArrayCritical(env, jx, x, JNI_ABORT);
}
