package queue.core.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * What is wrong with a JSON document, for a person: the place in the document ({@code
 * entries[0].sender}) and the problem, never Jackson's names for our internal classes.
 */
public final class JsonProblems {
  private JsonProblems() {}

  public static String describe(JacksonException e) {
    String place = e.getPath().isEmpty() ? "" : " at " + placeOf(e);
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field " + placeOf(e);
    }
    if (e instanceof ValueInstantiationException) {
      return "a field is missing or invalid" + (place.isEmpty() ? "" : place);
    }
    if (e instanceof MismatchedInputException) {
      return e.getPath().isEmpty()
          ? "not the JSON object expected"
          : "a value of the wrong type" + place;
    }
    return e.getOriginalMessage() + place;
  }

  /** Where in the document an error is, as {@code 'entries[0].sender'}. */
  public static String placeOf(JacksonException e) {
    StringBuilder place = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        place.append(place.length() == 0 ? "" : ".").append(reference.getPropertyName());
      } else {
        place.append('[').append(reference.getIndex()).append(']');
      }
    }
    return "'" + place + "'";
  }
}
