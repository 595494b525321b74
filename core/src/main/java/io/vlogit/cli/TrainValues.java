package io.vlogit.cli;

import io.vlogit.InvalidOptionException;
import io.vlogit.LearningRateSchedule;
import java.time.Duration;

/** Parsers of the values of {@code train}'s options that are more than one number. */
final class TrainValues {
  private TrainValues() {}

  static Duration seconds(String v) throws UsageException {
    double s = Args.number("max-seconds", v);
    if (!(s > 0) || !Double.isFinite(s)) {
      throw new UsageException("--max-seconds must be a positive number (got '" + v + "')");
    }
    return Duration.ofNanos((long) Math.min(s * 1e9, Long.MAX_VALUE));
  }

  static LearningRateSchedule schedule(String text) throws UsageException {
    String[] p = text.split(":");
    try {
      switch (p[0]) {
        case "constant":
          if (p.length == 1) {
            return LearningRateSchedule.constant();
          }
          break;
        case "inverse-time":
          if (p.length == 2) {
            return LearningRateSchedule.inverseTime(Double.parseDouble(p[1]));
          }
          break;
        case "step":
          if (p.length == 3) {
            return LearningRateSchedule.step(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      // the usage error below
    } catch (InvalidOptionException e) {
      throw new UsageException("--schedule " + text + ": " + e.getMessage());
    }
    throw new UsageException(
        "--schedule must be constant, inverse-time:DECAY or step:EVERY:FACTOR (got '"
            + text
            + "')");
  }

  static void classWeights(TrainChoices c, String text) throws UsageException {
    if (text.equals("balanced")) {
      c.builder.balancedClassWeights();
      return;
    }
    String[] p = text.split(",");
    if (p.length == 2) {
      try {
        c.builder.classWeights(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()));
        return;
      } catch (NumberFormatException e) {
        // the usage error below
      }
    }
    throw new UsageException("--class-weight must be balanced or W0,W1 (got '" + text + "')");
  }

  /** {@code --l1-path}: fits on the grid, 2 to 1000 (as {@code fitPath} takes). */
  static int pathSteps(String v) throws UsageException {
    int k = Args.whole("l1-path", v);
    if (k < 2 || k > 1000) {
      throw new UsageException("--l1-path must be in [2, 1000] fits (got " + k + ")");
    }
    return k;
  }

  /** {@code --select}: how to pick the path's fit; only {@code validation} for now. */
  static void select(TrainChoices c, String value) throws UsageException {
    if (!value.equals("validation")) {
      throw new UsageException(
          "--select must be validation (the fit of least validation log-loss), not " + value);
    }
    c.selectByValidation = true;
  }
}
