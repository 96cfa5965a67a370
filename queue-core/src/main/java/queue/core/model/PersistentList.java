package queue.core.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.IntConsumer;

/**
 * An immutable list whose changed copies share all but a path with the original: replacing or
 * appending an element costs O(log32 n), not a copy of the list. A 32-way trie of full leaves plus
 * a tail leaf, as Clojure's and Scala's vectors are built. It is what keeps a change of the queue
 * state (one send, one claim) from costing a copy of 100,000 entries, and what lets the journal
 * find what a change did by comparing two states' tries node by node ({@link #forEachDifference}).
 *
 * <p>Nulls are refused, as {@link java.util.List#copyOf} refuses them.
 */
public final class PersistentList<T> extends AbstractList<T> implements RandomAccess {
  private static final int BITS = 5;
  private static final int WIDTH = 1 << BITS;
  private static final int MASK = WIDTH - 1;
  private static final Object[] EMPTY_NODE = new Object[WIDTH];
  private static final PersistentList<Object> EMPTY =
      new PersistentList<>(0, BITS, EMPTY_NODE, new Object[0]);

  private final int size;
  private final int shift;
  private final Object[] root;
  private final Object[] tail;

  private PersistentList(int size, int shift, Object[] root, Object[] tail) {
    this.size = size;
    this.shift = shift;
    this.root = root;
    this.tail = tail;
  }

  @SuppressWarnings("unchecked")
  public static <T> PersistentList<T> empty() {
    return (PersistentList<T>) EMPTY;
  }

  /** {@code elements} itself when it is one, else a new list of its elements in order. */
  @SuppressWarnings("unchecked")
  public static <T> PersistentList<T> copyOf(Collection<? extends T> elements) {
    if (elements instanceof PersistentList<?> list) {
      return (PersistentList<T>) list;
    }
    Object[] all = elements.toArray();
    for (Object element : all) {
      Objects.requireNonNull(element, "element");
    }
    return built(all);
  }

  // Full leaves of 32 go into the trie, built bottom up; what is left over is the tail.
  private static <T> PersistentList<T> built(Object[] all) {
    if (all.length == 0) {
      return empty();
    }
    int tailOffset = tailOffsetOf(all.length);
    Object[] level = new Object[tailOffset / WIDTH];
    for (int i = 0; i < level.length; i++) {
      level[i] = Arrays.copyOfRange(all, i * WIDTH, (i + 1) * WIDTH);
    }
    int shift = BITS;
    while (level.length > WIDTH) {
      Object[] parents = new Object[(level.length + WIDTH - 1) / WIDTH];
      for (int i = 0; i < parents.length; i++) {
        parents[i] =
            Arrays.copyOf(
                Arrays.copyOfRange(level, i * WIDTH, Math.min(level.length, (i + 1) * WIDTH)),
                WIDTH);
      }
      level = parents;
      shift += BITS;
    }
    Object[] root = Arrays.copyOf(level, WIDTH);
    return new PersistentList<>(
        all.length, shift, root, Arrays.copyOfRange(all, tailOffset, all.length));
  }

  private static int tailOffsetOf(int size) {
    return size == 0 ? 0 : ((size - 1) >>> BITS) << BITS;
  }

  private int tailOffset() {
    return tailOffsetOf(size);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T get(int index) {
    Objects.checkIndex(index, size);
    return (T) leafOf(index)[index & MASK];
  }

  private Object[] leafOf(int index) {
    if (index >= tailOffset()) {
      return tail;
    }
    Object[] node = root;
    for (int level = shift; level > 0; level -= BITS) {
      node = (Object[]) node[(index >>> level) & MASK];
    }
    return node;
  }

  /** This list with the element at {@code index} replaced. */
  public PersistentList<T> with(int index, T element) {
    Objects.checkIndex(index, size);
    Objects.requireNonNull(element, "element");
    if (index >= tailOffset()) {
      Object[] newTail = tail.clone();
      newTail[index & MASK] = element;
      return new PersistentList<>(size, shift, root, newTail);
    }
    return new PersistentList<>(size, shift, replaced(shift, root, index, element), tail);
  }

  private static Object[] replaced(int level, Object[] node, int index, Object element) {
    Object[] copy = node.clone();
    if (level == 0) {
      copy[index & MASK] = element;
    } else {
      int child = (index >>> level) & MASK;
      copy[child] = replaced(level - BITS, (Object[]) node[child], index, element);
    }
    return copy;
  }

  /** This list with {@code element} appended. */
  public PersistentList<T> appended(T element) {
    Objects.requireNonNull(element, "element");
    if (size - tailOffset() < WIDTH) {
      Object[] newTail = Arrays.copyOf(tail, tail.length + 1);
      newTail[tail.length] = element;
      return new PersistentList<>(size + 1, shift, root, newTail);
    }
    // The tail is full: it becomes a leaf of the trie, which grows a level when the root is full.
    Object[] newRoot;
    int newShift = shift;
    if ((size >>> BITS) > (1 << shift)) {
      newRoot = new Object[WIDTH];
      newRoot[0] = root;
      newRoot[1] = pathTo(shift, tail);
      newShift += BITS;
    } else {
      newRoot = pushed(shift, root, tail);
    }
    return new PersistentList<>(size + 1, newShift, newRoot, new Object[] {element});
  }

  /** This list with every element of {@code elements} appended, in order. */
  public PersistentList<T> appendedAll(Collection<? extends T> elements) {
    PersistentList<T> list = this;
    for (T element : elements) {
      list = list.appended(element);
    }
    return list;
  }

  private Object[] pushed(int level, Object[] parent, Object[] leaf) {
    int child = ((size - 1) >>> level) & MASK;
    Object[] copy = parent.clone();
    if (level == BITS) {
      copy[child] = leaf;
    } else {
      Object[] below = (Object[]) parent[child];
      copy[child] = below == null ? pathTo(level - BITS, leaf) : pushed(level - BITS, below, leaf);
    }
    return copy;
  }

  private static Object[] pathTo(int level, Object[] leaf) {
    if (level == 0) {
      return leaf;
    }
    Object[] node = new Object[WIDTH];
    node[0] = pathTo(level - BITS, leaf);
    return node;
  }

  /**
   * Calls {@code action} with each index below both sizes where this list and {@code other} hold
   * different elements (not the same object), in order. Where the two share parts of their trie
   * (one was made from the other by {@link #with} and {@link #appended}) those parts are skipped
   * whole, so the cost is that of the differences, not of the lists.
   */
  public void forEachDifference(PersistentList<T> other, IntConsumer action) {
    int common = Math.min(size, other.size);
    int inBothTries = Math.min(Math.min(tailOffset(), other.tailOffset()), common);
    if (inBothTries > 0) {
      Object[] mine = rootAt(other.shift);
      Object[] theirs = other.rootAt(shift);
      int level = Math.min(shift, other.shift);
      compare(mine, theirs, level, 0, inBothTries, action);
    }
    for (int i = inBothTries; i < common; i++) {
      if (get(i) != other.get(i)) {
        action.accept(i);
      }
    }
  }

  // The subtrie holding the first indexes at the given (lower or equal) level: a trie that grew
  // keeps its older self as its first child.
  private Object[] rootAt(int level) {
    Object[] node = root;
    for (int at = shift; at > level; at -= BITS) {
      node = (Object[]) node[0];
    }
    return node;
  }

  private static void compare(
      Object[] a, Object[] b, int level, int offset, int limit, IntConsumer action) {
    if (a == b) {
      return;
    }
    for (int i = 0; i < WIDTH; i++) {
      int start = offset + (i << level);
      if (start >= limit) {
        return;
      }
      if (level == 0) {
        if (a[i] != b[i]) {
          action.accept(start);
        }
      } else {
        compare((Object[]) a[i], (Object[]) b[i], level - BITS, start, limit, action);
      }
    }
  }
}
