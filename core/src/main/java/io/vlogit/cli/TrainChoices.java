package io.vlogit.cli;

import io.vlogit.InvalidOptionException;
import io.vlogit.LogisticRegression;
import io.vlogit.Solver;
import java.util.ArrayList;
import java.util.List;

/** What the options of {@code train} chose: the trainer's builder and the solver. */
final class TrainChoices {

  final LogisticRegression.Builder builder = LogisticRegression.builder();
  Solver.GradientDescent gradientDescent = Solver.gradientDescent();
  Solver.Lbfgs lbfgs;

  /** Fits of the regularization path ({@code --l1-path}), or 0 for one fit. */
  int pathSteps;

  /** Whether an option chose the solver (else it is the default for the objective). */
  boolean solverGiven;

  /** Whether {@code --select validation} picks the path's fit. */
  boolean selectByValidation;

  final List<TrainOptions.Option> given = new ArrayList<>();

  /** Applies every option given to a new set of choices, and checks the solver's options fit. */
  static TrainChoices choose(Args a) throws UsageException {
    TrainChoices c = new TrainChoices();
    List<String> gradientDescentOnly = new ArrayList<>();
    for (TrainOptions.Option o : TrainOptions.ALL) {
      if (o.name() == null || o.setter() == null || !a.has(o.name())) {
        continue;
      }
      if (o.group() == TrainOptions.Group.GRADIENT_DESCENT) {
        gradientDescentOnly.add("--" + o.name());
      }
      c.given.add(o);
      try {
        o.setter().apply(c, a.get(o.name()));
      } catch (InvalidOptionException e) {
        throw new UsageException("--" + o.name() + e.getMessage().substring(e.option().length()));
      }
    }
    if (a.has("epochs") && a.has("max-iterations")) {
      throw new UsageException(
          "give --epochs or --max-iterations, not both (they are the same limit)");
    }
    if (c.lbfgs != null && !gradientDescentOnly.isEmpty()) {
      throw new UsageException(
          String.join(", ", gradientDescentOnly)
              + (gradientDescentOnly.size() == 1 ? " is an option" : " are options")
              + " of gradient descent, which --lbfgs replaces (L-BFGS picks each step by a line search;"
              + " its iterations are limited by --max-iterations)");
    }
    if (a.has("l1-path") && a.has("l1")) {
      throw new UsageException(
          "give --l1 or --l1-path, not both (the path chooses λ₁ from its grid)");
    }
    if (a.has("select") && !a.has("l1-path")) {
      throw new UsageException("--select chooses a fit of the path: it needs --l1-path");
    }
    boolean validationData = a.has("validation-x") || a.has("validation-csv");
    if (a.has("select") && !a.has("validation-fraction") && !validationData) {
      throw new UsageException(
          "--select validation needs validation examples: give --validation-fraction, or"
              + " validation data");
    }
    if (a.has("validation-fraction") && validationData) {
      throw new UsageException(
          "give --validation-fraction or validation data (--validation-x, --validation-csv), not"
              + " both");
    }
    c.solverGiven = c.lbfgs != null || !gradientDescentOnly.isEmpty();
    if (c.lbfgs != null) {
      c.builder.solver(c.lbfgs);
    } else if (c.solverGiven) {
      c.builder.solver(c.gradientDescent);
    } else if (c.pathSteps > 0) {
      c.builder.solver(Solver.lbfgs(10)); // what fitPath runs without a solver set
    } // else the builder's default: gradient descent, or OWL-QN with --l1
    return c;
  }

  /**
   * The trainer the choices describe; the builder's checks of options together, as usage errors.
   */
  static LogisticRegression build(TrainChoices c) throws UsageException {
    try {
      return c.builder.build();
    } catch (InvalidOptionException e) {
      throw new UsageException(cliMessage(e, c.given));
    }
  }

  /**
   * The message of a builder's error with its option named as the CLI spells it: one of those
   * given, or one the command sets from its value (--warm-start's model).
   */
  private static String cliMessage(InvalidOptionException e, List<TrainOptions.Option> given) {
    List<TrainOptions.Option> named = new ArrayList<>(given);
    named.addAll(TrainOptions.ALL);
    for (TrainOptions.Option o : named) {
      if (o.name() != null && e.option().equals(o.builderName())) {
        return "--" + o.name() + e.getMessage().substring(e.option().length());
      }
    }
    return e.getMessage();
  }
}
