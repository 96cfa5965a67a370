package queue.processor.deliver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command started in a process group of its own, so that everything it starts in the background
 * can be killed with it at the end of an attempt, even a child that outlived it and was adopted by
 * init. The group is made by {@code setsid} (util-linux), which runs the command in place with its
 * argv untouched; its members are found in {@code /proc}. Where either is missing, only the
 * command's living descendants can be found. A program that starts a session of its own escapes.
 */
final class ProcessGroup {
  private static final Path PROC = Path.of("/proc");
  private static final String SETSID = findSetsid();
  private static final int KILL_ROUNDS = 3;

  private ProcessGroup() {}

  /** The command line that runs {@code argv} as the leader of a new process group. */
  static List<String> leading(List<String> argv) {
    if (SETSID == null) {
      return argv;
    }
    List<String> command = new ArrayList<>(argv.size() + 1);
    command.add(SETSID);
    command.addAll(argv);
    return command;
  }

  /**
   * Kills {@code leader}, its descendants and every member of its group. Repeated a few times, so a
   * child forked while the first round ran is caught by the next.
   */
  static void killAll(Process leader) {
    // Through its handle: Process.destroy would also close the pipes, and the output not yet read
    // would be lost.
    leader.toHandle().destroyForcibly();
    for (int round = 0; round < KILL_ROUNDS; round++) {
      List<ProcessHandle> members = new ArrayList<>(leader.descendants().toList());
      if (SETSID != null) {
        members.addAll(membersOf(leader.pid()));
      }
      if (members.isEmpty()) {
        return;
      }
      members.forEach(ProcessHandle::destroyForcibly);
    }
  }

  // In /proc/PID/stat the third field is the state and the fifth the process group; the second,
  // the command name, is in parentheses and may itself hold spaces and parentheses, so fields are
  // counted after the last ')'. A zombie (state Z) is dead already: only its parent's wait is due.
  private static List<ProcessHandle> membersOf(long group) {
    List<ProcessHandle> members = new ArrayList<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path process : processes) {
        if (groupOf(process) == group) {
          ProcessHandle.of(Long.parseLong(process.getFileName().toString()))
              .ifPresent(members::add);
        }
      }
    } catch (IOException e) {
      // No /proc: the descendants are all that can be found.
    }
    return members;
  }

  private static long groupOf(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"), StandardCharsets.ISO_8859_1);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return fields[0].equals("Z") ? -1 : Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      // The process ended while it was being read.
      return -1;
    }
  }

  private static String findSetsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(candidate)) && Files.isDirectory(PROC)) {
        return candidate;
      }
    }
    return null;
  }
}
