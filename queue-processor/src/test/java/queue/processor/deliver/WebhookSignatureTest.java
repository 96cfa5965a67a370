package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSignatureTest {
  @TempDir Path dir;

  @Test
  void signsLikeTheStandardWebhooksReferenceVector() throws IOException {
    // The example of the Standard Webhooks specification and its reference libraries.
    Path secret =
        Files.writeString(dir.resolve("secret"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    byte[] payload = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    String signature =
        WebhookSignature.sign(
            WebhookSignature.readSecret(secret),
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            payload);

    assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
  }

  @Test
  void aSecretWithoutThePrefixIsItsUtf8TextTrimmed() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret"), "\t clé \n");

    assertArrayEquals("clé".getBytes(StandardCharsets.UTF_8), WebhookSignature.readSecret(secret));
  }

  @Test
  void anUnusableSecretFileIsRefusedNamingTheFileAndNeverItsContent() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    Path broken = Files.writeString(dir.resolve("broken"), "whsec_not*base64!");

    IOException emptyError =
        assertThrows(IOException.class, () -> WebhookSignature.readSecret(empty));
    IOException brokenError =
        assertThrows(IOException.class, () -> WebhookSignature.readSecret(broken));

    assertEquals("the secret file " + empty + " is empty", emptyError.getMessage());
    assertTrue(brokenError.getMessage().contains(broken.toString()), brokenError.getMessage());
    assertFalse(brokenError.getMessage().contains("not*base64"), brokenError.getMessage());
  }
}
