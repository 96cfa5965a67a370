package queue.processor.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook request the Standard Webhooks way (standardwebhooks.com): {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}. The secret is read from its file for each request, so a rotated secret
 * takes effect at once; it is never logged, stored or put into an error message.
 */
public final class WebhookSignature {
  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";

  private static final String PREFIX = "whsec_";
  private static final int MAX_SECRET_FILE_BYTES = 64 * 1024;

  private WebhookSignature() {}

  /**
   * The signing key in {@code file}: for content {@code whsec_<base64>} the decoded bytes, for any
   * other content its UTF-8 bytes without surrounding whitespace.
   *
   * @throws IOException naming the file, when it cannot be read or holds no usable secret
   */
  public static byte[] readSecret(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_SECRET_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new IOException(
          "cannot read the secret file " + file + ": " + ErrorText.describe(e), e);
    }
    if (bytes.length > MAX_SECRET_FILE_BYTES) {
      throw new IOException("the secret file " + file + " is larger than 64 KiB");
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new IOException("the secret file " + file + " is empty");
    }
    if (!text.startsWith(PREFIX)) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IOException("the secret file " + file + " holds whsec_ without valid base64", e);
    }
    if (key.length == 0) {
      throw new IOException("the secret file " + file + " holds whsec_ and no key");
    }
    return key;
  }

  /** The value of {@code webhook-signature} for this request. */
  public static String sign(byte[] key, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      // Every JDK has HmacSHA256, and any key length is valid for it.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
