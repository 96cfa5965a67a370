package queue.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one of the command line's test mains (a sender, a replier) in a JVM of its own on the test
 * classpath, as the multi-process ITs need: quick to start, logging nothing, its stdout and stderr
 * in {@code NAME.out} and {@code NAME.err} under a directory of logs.
 */
final class TestMainJvm {
  private TestMainJvm() {}

  static Process start(Path logs, String name, Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Quick start matters more than peak speed: each runs a few dozen short commands.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.add("-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(logs.resolve(name + ".out").toFile())
        .redirectError(logs.resolve(name + ".err").toFile())
        .start();
  }
}
