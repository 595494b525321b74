package io.vlogit;

/** A training or scoring option outside its valid range; the message names the option and value. */
public class InvalidOptionException extends VlogitException {
  private static final long serialVersionUID = 1L;

  private final String option;

  public InvalidOptionException(String option, Object value, String requirement) {
    super(option + " " + requirement + " (got " + value + ")");
    this.option = option;
  }

  /** The option's name as the builder and the CLI spell it. */
  public String option() {
    return option;
  }
}
