package io.vlogit.internal.train;

/** Why the loop stopped; the public StopReason has a constant of each name. */
public enum Stop {
  MAX_ITERATIONS,
  GRADIENT_TOLERANCE,
  COST_TOLERANCE,
  EARLY_STOPPING,
  MAX_TIME,
  LISTENER,
  INTERRUPTED,
  NO_PROGRESS,
  DIVERGED
}
