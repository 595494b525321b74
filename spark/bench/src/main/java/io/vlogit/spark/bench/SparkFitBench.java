package io.vlogit.spark.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to the same objective: vlogit's Spark estimator and Spark MLlib's LogisticRegression on the
 * same cached DataFrame, the same partitions, in local[2], each fit run for as many iterations as
 * it needs to come within 1e-6 (relative) of the better optimum of the two ({@link Target}), with
 * MLlib's defaults otherwise (standardization on, elasticNetParam 0). Each fit starts from its
 * DataFrame and includes everything a user's fit does (the conversion and caching of its own
 * blocks, the summary pass). Time per iteration is the time divided by those iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Timeout(time = 3, timeUnit = TimeUnit.HOURS) // the first fork of a data set sets its target
public class SparkFitBench {
  @Param({"fashion-footwear", "128x1000000"})
  public String data;

  @Param({"vlogit", "mllib"})
  public String impl;

  @Param({"4"})
  public int partitions;

  @Param({"0.001"})
  public double regParam;

  private SparkSession spark;
  private Dataset<Row> frame;
  private int iterations;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("vlogit-spark-bench")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    frame = BenchData.frame(spark, data, partitions);
    Target target = Target.of(frame, data, partitions, regParam);
    iterations = impl.equals("vlogit") ? target.vlogitIterations() : target.mllibIterations();
    System.out.println("target: " + target + "; " + impl + " runs " + iterations + " iterations");
  }

  @Benchmark
  public Object fit() {
    return impl.equals("vlogit")
        ? Target.vlogit(regParam, iterations).fit(frame)
        : Target.mllib(regParam, iterations).fit(frame);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    frame.unpersist();
    spark.stop();
  }
}
