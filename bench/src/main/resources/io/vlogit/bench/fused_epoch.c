/*
 * The yardstick of vlogit's fused epoch: the same work in C, vectorized for the machine that
 * builds it (gcc or clang, -O3 -march=native), called through JNI from EpochBench ("native-c").
 *
 * Per block of 64 examples: the logits z = w·x + b, by example across the features (four vector
 * accumulators and a halving lane sum) for n of two vectors or more, or across W examples at a time
 * (one lane per example) for narrower data; then across the block σ(z) from e = exp(−|z|),
 * dz = σ − y and the loss max(z(1−2y), 0) + log1p(e) (vlogit's form), in vectors through glibc's
 * libmvec; then dw += dz·x while the block is in L1. Float within a block, double across blocks,
 * like vlogit's kernel. Built with -ffast-math: the reductions may reassociate, which a yardstick of
 * speed allows (EpochBench checks the results against vlogit's scalar reference).
 */
#include <jni.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#if defined(__AVX512F__)
#define W 16
#elif defined(__AVX__)
#define W 8
#else
#define W 4 /* SSE, NEON */
#endif
#define BLOCK 64

typedef float vf __attribute__((vector_size(W * sizeof(float))));

static inline vf load(const float *p) {
  vf v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline float lanes(vf v) {
  float t[W];
  memcpy(t, &v, sizeof v);
  for (int h = W / 2; h >= 1; h /= 2) {
    for (int i = 0; i < h; i++) {
      t[i] += t[i + h];
    }
  }
  return t[0];
}

/* Logits of count examples with one lane per example: for data narrower than two vectors. */
static void logits_across(const float *x, int n, const float *w, float b, int count, float *z) {
  int g = 0;
  for (; g + W <= count; g += W) {
    vf zv = {0};
    zv += b;
    for (int i = 0; i < n; i++) {
      vf xv;
      for (int l = 0; l < W; l++) {
        xv[l] = x[(size_t)(g + l) * n + i];
      }
      zv += w[i] * xv;
    }
    memcpy(z + g, &zv, sizeof zv);
  }
  for (; g < count; g++) {
    float s = b;
    for (int i = 0; i < n; i++) {
      s += w[i] * x[(size_t)g * n + i];
    }
    z[g] = s;
  }
}

static float logit(const float *x, const float *w, int n, float b) {
  vf a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
  int i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    a0 += load(x + i) * load(w + i);
    a1 += load(x + i + W) * load(w + i + W);
    a2 += load(x + i + 2 * W) * load(w + i + 2 * W);
    a3 += load(x + i + 3 * W) * load(w + i + 3 * W);
  }
  for (; i + W <= n; i += W) {
    a0 += load(x + i) * load(w + i);
  }
  float s = lanes((a0 + a1) + (a2 + a3));
  for (; i < n; i++) {
    s += x[i] * w[i];
  }
  return s + b;
}

/* out[0, n): Σ dz·x; out[n]: Σ dz; out[n + 1]: Σ loss. acc: n floats of scratch. */
static void epoch(const float *x, const float *y, int n, int m, const float *w, float b,
                  double *out, float *acc) {
  float z[BLOCK], dz[BLOCK];
  memset(out, 0, (size_t)(n + 2) * sizeof(double));
  memset(acc, 0, (size_t)n * sizeof(float));
  for (int j0 = 0; j0 < m; j0 += BLOCK) {
    int count = m - j0 < BLOCK ? m - j0 : BLOCK;
    if (n < 2 * W) {
      logits_across(x + (size_t)j0 * n, n, w, b, count, z);
    } else {
      for (int k = 0; k < count; k++) {
        z[k] = logit(x + (size_t)(j0 + k) * n, w, n, b);
      }
    }
    float loss = 0, dzs = 0;
#pragma omp simd reduction(+ : loss, dzs)
    for (int k = 0; k < count; k++) {
      float zk = z[k];
      float e = expf(-fabsf(zk));
      float r = 1.0f / (1.0f + e);
      float a = zk >= 0 ? r : e * r;
      float yk = y[j0 + k];
      float d = a - yk;
      float margin = zk * (1.0f - 2.0f * yk);
      dz[k] = d;
      loss += (margin > 0 ? margin : 0) + log1pf(e);
      dzs += d;
    }
    out[n] += dzs;
    out[n + 1] += loss;
    for (int k = 0; k < count; k++) {
      const float *xj = x + (size_t)(j0 + k) * n;
      float d = dz[k];
      for (int i = 0; i < n; i++) {
        acc[i] += d * xj[i];
      }
    }
    for (int i = 0; i < n; i++) {
      out[i] += acc[i];
      acc[i] = 0;
    }
  }
}

JNIEXPORT void JNICALL Java_io_vlogit_bench_NativeEpoch_epoch(
    JNIEnv *env, jclass cls, jfloatArray jx, jfloatArray jy, jint n, jint m, jfloatArray jw,
    jfloat b, jdoubleArray jout, jfloatArray jacc) {
  (void)cls;
  float *x = (*env)->GetPrimitiveArrayCritical(env, jx, NULL);
  float *y = (*env)->GetPrimitiveArrayCritical(env, jy, NULL);
  float *w = (*env)->GetPrimitiveArrayCritical(env, jw, NULL);
  double *out = (*env)->GetPrimitiveArrayCritical(env, jout, NULL);
  float *acc = (*env)->GetPrimitiveArrayCritical(env, jacc, NULL);
  epoch(x, y, n, m, w, b, out, acc);
  (*env)->ReleasePrimitiveArrayCritical(env, jacc, acc, 0);
  (*env)->ReleasePrimitiveArrayCritical(env, jout, out, 0);
  (*env)->ReleasePrimitiveArrayCritical(env, jw, w, JNI_ABORT);
  (*env)->ReleasePrimitiveArrayCritical(env, jy, y, JNI_ABORT);
  (*env)->ReleasePrimitiveArrayCritical(env, jx, x, JNI_ABORT);
}

/* The vector width this build chose, for the report. */
JNIEXPORT jint JNICALL Java_io_vlogit_bench_NativeEpoch_lanes(JNIEnv *env, jclass cls) {
  (void)env;
  (void)cls;
  return W;
}
