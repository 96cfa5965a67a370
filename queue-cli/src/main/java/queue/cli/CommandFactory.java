package queue.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Hands each command its collaborators: a command class with a {@code (CliContext)} constructor
 * gets the run's context, anything else is built the default way.
 */
final class CommandFactory implements IFactory {
  private final CliContext context;

  CommandFactory(CliContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (type == GlobalOptions.class) {
      return type.cast(context.global());
    }
    try {
      Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
      return constructor.newInstance(context);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(type);
    }
  }
}
