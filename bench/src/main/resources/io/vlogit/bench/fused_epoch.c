/*
 * The yardstick of vlogit's fused epoch: the same work in C, vectorized for the machine that
 * builds it (gcc or clang, -O3 -march=native), called through JNI from EpochBench ("native-c").
 *
 * Per block of up to 64 examples (about 16 KB of X): the logits z = w·x + b of W examples at a
 * time, then a transposing lane sum (one vector accumulator per example, sharing each load of w,
 * for n over two vectors; one or two vectors per example for narrower data); then across the block
 * σ(z) from e = exp(−|z|), dz = σ − y and the loss max(z(1−2y), 0) + log1p(e) (vlogit's form), in
 * vectors through glibc's libmvec; then dw += dz·x while the block is in L1, in strips of features
 * summed in registers where the block fits (STRIPS_FLOATS). Float within FLUSH examples, double
 * across them, like vlogit's kernel.
 * Built with -ffast-math: the reductions may reassociate, which a yardstick of speed allows
 * (EpochBench checks the results against vlogit's scalar reference).
 */
#include <jni.h>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if defined(__AVX512F__)
#define W 16
#elif defined(__AVX__)
#define W 8
#else
#define W 4 /* SSE, NEON */
#endif
#define BLOCK 64
/* Examples whose gradient is summed in float before it is added into the double sums, as in vlogit. */
#define FLUSH 256
/* The largest block (floats of X) whose backward pass goes in strips: 32 KB, within L1. */
#define STRIPS_FLOATS 8192

typedef float vf __attribute__((vector_size(W * sizeof(float))));
typedef int vi __attribute__((vector_size(W * sizeof(int))));

/*
 * The transposing lane sum: one step adds a and b, each holding partial sums of examples in
 * blocks of 2H lanes, into blocks of H lanes, pairing a's and b's blocks; log2(W) steps take W
 * vectors of W partial sums each (one example each) to one vector of W sums. STEP1/STEP2 are the
 * two halves' lane indices into (a, b), constant so that the compiler emits two-source permutes.
 */
#define SRC1(i, H) ((((i) / (H)) % 2 ? W : 0) + ((i) / (H) / 2) * 2 * (H) + (i) % (H))
#define SRC2(i, H) (SRC1(i, H) + (H))
#if W == 16
#define MASK(F, H)                                                                               \
  {F(0, H), F(1, H), F(2, H), F(3, H), F(4, H), F(5, H), F(6, H), F(7, H), F(8, H), F(9, H),    \
   F(10, H), F(11, H), F(12, H), F(13, H), F(14, H), F(15, H)}
#elif W == 8
#define MASK(F, H) {F(0, H), F(1, H), F(2, H), F(3, H), F(4, H), F(5, H), F(6, H), F(7, H)}
#else
#define MASK(F, H) {F(0, H), F(1, H), F(2, H), F(3, H)}
#endif
#if defined(__clang__)
#define SHUFFLE2(a, b, m) __builtin_shufflevector(a, b, m)
#else
#define SHUFFLE2(a, b, m) __builtin_shuffle(a, b, m)
#endif

static inline vf pairsum(vf a, vf b, int h) {
  switch (h) {
#if W >= 16
    case 8: {
      const vi m1 = MASK(SRC1, 8), m2 = MASK(SRC2, 8);
      return SHUFFLE2(a, b, m1) + SHUFFLE2(a, b, m2);
    }
#endif
#if W >= 8
    case 4: {
      const vi m1 = MASK(SRC1, 4), m2 = MASK(SRC2, 4);
      return SHUFFLE2(a, b, m1) + SHUFFLE2(a, b, m2);
    }
#endif
    case 2: {
      const vi m1 = MASK(SRC1, 2), m2 = MASK(SRC2, 2);
      return SHUFFLE2(a, b, m1) + SHUFFLE2(a, b, m2);
    }
    default: {
      const vi m1 = MASK(SRC1, 1), m2 = MASK(SRC2, 1);
      return SHUFFLE2(a, b, m1) + SHUFFLE2(a, b, m2);
    }
  }
}

/* Which example's sum each lane holds after the transposing sum (filled once). */
static int order[W];
static int ordered;

static void fill_order(void) {
  int tag[W][W];
  for (int k = 0; k < W; k++) {
    for (int l = 0; l < W; l++) {
      tag[k][l] = k;
    }
  }
  int count = W;
  for (int h = W / 2; h >= 1; h /= 2) {
    for (int p = 0; p < count / 2; p++) {
      int out[W];
      for (int i = 0; i < W; i++) {
        int s1 = SRC1(i, h);
        out[i] = s1 < W ? tag[2 * p][s1] : tag[2 * p + 1][s1 - W];
      }
      memcpy(tag[p], out, sizeof out);
    }
    count /= 2;
  }
  memcpy(order, tag[0], sizeof order);
}

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

/* The sum of a vector's lanes: the instruction set's reduction where there is one. */
static inline float hsum(vf v) {
#if defined(__AVX512F__)
  return _mm512_reduce_add_ps((__m512)v);
#else
  return lanes(v);
#endif
}

/* The transposing sum of W vectors of partial sums (one example each) into z, plus b. */
static void store_sums(vf *acc, float b, float *z) {
  int count = W;
  for (int h = W / 2; h >= 1; h /= 2) {
    for (int p = 0; p < count / 2; p++) {
      acc[p] = pairsum(acc[2 * p], acc[2 * p + 1], h);
    }
    count /= 2;
  }
  for (int l = 0; l < W; l++) {
    z[order[l]] = acc[0][l] + b;
  }
}

/*
 * Logits of W examples of n ≤ 2W features (the group at x, examples contiguous): each example's
 * products in one or two vectors (w zero-padded past n, so the next example's features that a
 * whole-vector load reads count 0), then the transposing sum. The caller keeps the loads inside x.
 */
static void logits_group(const float *x, int n, const float *w0, const float *w1, float b, float *z) {
  vf acc[W];
  vf wa = load(w0), wb = load(w1);
  for (int k = 0; k < W; k++) {
    const float *xk = x + (size_t)k * n;
    acc[k] = load(xk) * wa;
    if (n > W) {
      acc[k] += load(xk + W) * wb;
    }
  }
  store_sums(acc, b, z);
}

/*
 * Logits of `rows` examples of n > 2W features side by side, rows being W or 8: one accumulator
 * each (independent FMA chains sharing each load of w), the last n mod W features through wz (w
 * followed by zeros). W rows end in the transposing sum; 8 rows, for rows so long that a group of
 * W would not fit in L1 with its block (see group in epoch), are lane-summed one by one. Inlined
 * with rows a constant, so that each call site gets its own loop. The caller keeps the loads
 * inside x.
 */
static inline __attribute__((always_inline)) void logits_wide_group(const float *x, int n,
                                                                    const float *wz, float b,
                                                                    float *z, int rows) {
  vf acc[W > 8 ? W : 8]; /* room for 8 rows whatever W (only W = 16 takes groups of 8) */
  for (int k = 0; k < rows; k++) {
    acc[k] = (vf){0};
  }
  for (int i = 0; i < n; i += W) {
    vf wv = load(wz + i);
    for (int k = 0; k < rows; k++) {
      acc[k] += load(x + (size_t)k * n + i) * wv;
    }
  }
  if (rows == W) {
    store_sums(acc, b, z);
  } else {
    for (int k = 0; k < rows; k++) {
      z[k] = hsum(acc[k]) + b;
    }
  }
}

/* The logit of one example of n ≥ 2W features: four accumulators, then the lane sum (hsum). */
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
  float s = hsum((a0 + a1) + (a2 + a3));
  for (; i < n; i++) {
    s += x[i] * w[i];
  }
  return s + b;
}

static inline void store(float *p, vf v) { memcpy(p, &v, sizeof v); }

/*
 * acc += Σ dz[k]·x_k over count rows of n features (the rows at x, contiguous), in strips of four
 * vectors of features whose sums stay in registers while every row is added: acc is loaded and
 * stored once per strip and block, not once per row (a loop of acc[i] += d·x[i] per row, which
 * the compiler vectorizes, loads and stores all of acc for every row). vlogit's backward pass is
 * built the same way. The strips read the rows side by side, which pays only while the block is in
 * L1: larger blocks (16 rows of 784 features and more) go row by row (STRIPS_FLOATS).
 */
static void backward(const float *x, int n, int count, const float *dz, float *acc) {
  int s = 0;
  for (; s + 4 * W <= n; s += 4 * W) {
    vf g0 = load(acc + s), g1 = load(acc + s + W), g2 = load(acc + s + 2 * W);
    vf g3 = load(acc + s + 3 * W);
    for (int k = 0; k < count; k++) {
      const float *p = x + (size_t)k * n + s;
      float d = dz[k];
      g0 += d * load(p);
      g1 += d * load(p + W);
      g2 += d * load(p + 2 * W);
      g3 += d * load(p + 3 * W);
    }
    store(acc + s, g0);
    store(acc + s + W, g1);
    store(acc + s + 2 * W, g2);
    store(acc + s + 3 * W, g3);
  }
  for (; s + W <= n; s += W) {
    vf g = load(acc + s);
    for (int k = 0; k < count; k++) {
      g += dz[k] * load(x + (size_t)k * n + s);
    }
    store(acc + s, g);
  }
  for (; s < n; s++) {
    float g = acc[s];
    for (int k = 0; k < count; k++) {
      g += dz[k] * x[(size_t)k * n + s];
    }
    acc[s] = g;
  }
}

/* out[0, n): Σ dz·x; out[n]: Σ dz; out[n + 1]: Σ loss. acc: n floats of scratch. */
static void epoch(const float *x, const float *y, int n, int m, const float *w, float b,
                  double *out, float *acc) {
  float z[BLOCK] __attribute__((aligned(64))), dz[BLOCK] __attribute__((aligned(64)));
  float wpad[2 * W] = {0};
  int narrow = n <= 2 * W;
  float *wz = calloc((size_t)n + W, sizeof(float));
  memcpy(wz, w, (size_t)n * sizeof(float));
  if (narrow) {
    memcpy(wpad, w, (size_t)n * sizeof(float));
  }
  if (!ordered) {
    fill_order();
    ordered = 1;
  }
  /* Whole-vector loads of the last examples would read past x: groups stop short of them. */
  size_t safe = (size_t)m * n >= 2 * W ? ((size_t)m * n - 2 * W) / (n > 0 ? n : 1) : 0;
  memset(out, 0, (size_t)(n + 2) * sizeof(double));
  memset(acc, 0, (size_t)n * sizeof(float));
  /*
   * Blocks of about 16 KB of X, whole groups, so that the backward pass reads them from L1. Groups
   * of W rows side by side, or of 8 where W rows would pass STRIPS_FLOATS and 8 would not (16
   * lanes, 513 to 1024 features). vlogit reads rows of that length eight side by side too, but in
   * blocks of sixteen, except from 832 features at 16 lanes (bench/README.md, "Blocks of eight
   * rows past 512 features, a second time", and "Blocks of eight rows on JDK 25").
   * Longer rows measured faster in groups of W, whose backward goes row by row.
   */
  int group = W > 8 && (size_t)W * n > STRIPS_FLOATS && 8 * (size_t)n <= STRIPS_FLOATS ? 8 : W;
  int block = n > 0 ? 4096 / n / group * group : BLOCK;
  block = block < group ? group : block > BLOCK ? BLOCK : block;
  int since = 0; /* examples added into acc since it was last flushed into out */
  for (int j0 = 0; j0 < m; j0 += block) {
    int count = m - j0 < block ? m - j0 : block;
    if (narrow) {
      int g = 0;
      for (; g + W <= count && (size_t)(j0 + g + W) <= safe; g += W) {
        logits_group(x + (size_t)(j0 + g) * n, n, wpad, wpad + W, b, z + g);
      }
      for (; g < count; g++) {
        float s = b;
        for (int i = 0; i < n; i++) {
          s += w[i] * x[(size_t)(j0 + g) * n + i];
        }
        z[g] = s;
      }
    } else {
      int g = 0;
      for (; g + group <= count && (size_t)(j0 + g + group) <= safe; g += group) {
        if (group == W) {
          logits_wide_group(x + (size_t)(j0 + g) * n, n, wz, b, z + g, W);
        } else {
          logits_wide_group(x + (size_t)(j0 + g) * n, n, wz, b, z + g, 8);
        }
      }
      for (; g < count; g++) {
        z[g] = logit(x + (size_t)(j0 + g) * n, w, n, b);
      }
    }
    /* One whole vector at a time, the lanes past count weighted 0: a block of 8 rows (long rows)
       otherwise took glibc's scalar exp and log, and so did a loop over the block whose trip count
       the compiler did not know, or one with a reduction in it. */
    float yb[BLOCK] __attribute__((aligned(64))), real[BLOCK] __attribute__((aligned(64)));
    float lossb[BLOCK] __attribute__((aligned(64)));
    for (int k = 0; k < (count + W - 1) / W * W; k++) {
      real[k] = k < count ? 1.0f : 0.0f;
      yb[k] = k < count ? y[j0 + k] : 0;
      z[k] = k < count ? z[k] : 0;
    }
    for (int k0 = 0; k0 < count; k0 += W) {
#pragma omp simd
      for (int k = k0; k < k0 + W; k++) {
        float zk = z[k];
        float e = expf(-fabsf(zk));
        float r = 1.0f / (1.0f + e);
        float a = zk >= 0 ? r : e * r;
        float yk = yb[k];
        float margin = zk * (1.0f - 2.0f * yk);
        dz[k] = (a - yk) * real[k];
        lossb[k] = ((margin > 0 ? margin : 0) + log1pf(e)) * real[k];
      }
    }
    float loss = 0, dzs = 0;
    for (int k = 0; k < count; k++) {
      loss += lossb[k];
      dzs += dz[k];
    }
    out[n] += dzs;
    out[n + 1] += loss;
    int k = 0;
    if (narrow) {
      /* dz·x in one or two vectors per example; lanes past n gather the next example's features
         and are never read. */
      vf g0 = {0}, g1 = {0};
      for (; k < count && (size_t)(j0 + k + 1) <= safe; k++) {
        const float *xj = x + (size_t)(j0 + k) * n;
        g0 += dz[k] * load(xj);
        if (n > W) {
          g1 += dz[k] * load(xj + W);
        }
      }
      for (int i = 0; i < n; i++) {
        acc[i] += i < W ? g0[i] : g1[i - W];
      }
    }
    if (k < count && (size_t)(count - k) * n <= STRIPS_FLOATS) {
      backward(x + (size_t)(j0 + k) * n, n, count - k, dz + k, acc);
      k = count;
    }
    for (; k < count; k++) {
      const float *xj = x + (size_t)(j0 + k) * n;
      float d = dz[k];
      for (int i = 0; i < n; i++) {
        acc[i] += d * xj[i];
      }
    }
    since += count;
    if (since >= FLUSH || j0 + count >= m) {
      for (int i = 0; i < n; i++) {
        out[i] += acc[i];
        acc[i] = 0;
      }
      since = 0;
    }
  }
  free(wz);
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
