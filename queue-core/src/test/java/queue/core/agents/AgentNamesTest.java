package queue.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Agent names are checked by hand exactly as the rule's regular expression reads them. */
class AgentNamesTest {
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @Test
  void acceptsWhatTheRuleAllows() {
    for (String name : List.of("a", "Z", "0", "alice", "build-42", "a.b_c-d", "x".repeat(64))) {
      assertTrue(AgentNames.isValid(name), name);
    }
  }

  @Test
  void refusesWhatCouldEscapeOrIsNotAName() {
    for (String name :
        List.of(
            "", ".", "..", "a..b", ".a", "-a", "_a", "a/b", "../x", "a b", "é", "x".repeat(65))) {
      assertFalse(AgentNames.isValid(name), name);
    }
    assertFalse(AgentNames.isValid(null));
  }

  @Test
  void agreesWithTheRuleOnRandomNames() {
    Random random = new Random(7);
    String alphabet = "aZ09._-/ é\u0000";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder name = new StringBuilder();
      for (int n = random.nextInt(68); n > 0; n--) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = name.toString();
      boolean expected = RULE.matcher(text).matches() && !text.contains("..");
      assertEquals(expected, AgentNames.isValid(text), text);
    }
  }
}
