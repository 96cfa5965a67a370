package queue.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersistentListTest {

  @Test
  void appendsReplacementsAndCopiesMatchAPlainListAtEverySizeThroughFourLevels() {
    Random random = new Random(18);
    List<Integer> model = new ArrayList<>();
    PersistentList<Integer> list = PersistentList.empty();
    for (int i = 0; i < 40_000; i++) {
      PersistentList<Integer> before = list;
      List<Integer> modelBefore = i % 997 == 0 ? List.copyOf(model) : null;
      if (!model.isEmpty() && random.nextInt(3) == 0) {
        int at = random.nextInt(model.size());
        model.set(at, -i);
        list = list.with(at, -i);
      } else {
        model.add(i);
        list = list.appended(i);
      }
      if (modelBefore != null) {
        assertEquals(modelBefore, before, "a change leaves the list it was made from as it was");
        assertEquals(model, list);
        assertEquals(model, PersistentList.copyOf(new ArrayList<>(model)));
      }
    }
    assertEquals(model, list);
  }

  @Test
  void listsBuiltWholeAreTheSameAsListsBuiltByAppendingAtTheEdgesOfTheirLevels() {
    for (int size :
        new int[] {0, 1, 31, 32, 33, 64, 1023, 1024, 1025, 1056, 1057, 32_800, 33_825}) {
      List<Integer> model = new ArrayList<>();
      PersistentList<Integer> appended = PersistentList.empty();
      for (int i = 0; i < size; i++) {
        model.add(i);
        appended = appended.appended(i);
      }
      PersistentList<Integer> built = PersistentList.copyOf(model);
      assertEquals(model, built, "built whole, size " + size);
      assertEquals(model, appended, "appended, size " + size);
      assertEquals(-1, built.appended(-1).get(size));
      assertEquals(-1, built.appended(-1).appended(-2).get(size));
      if (size > 0) {
        assertEquals(-3, built.with(size - 1, -3).get(size - 1));
        assertEquals(-3, built.with(0, -3).get(0));
        assertEquals(model, built, "built whole, after changed copies, size " + size);
      }
    }
  }

  @Test
  void differencesAreThePlacesHoldingOtherObjectsWhetherTheListsShareStructureOrNot() {
    Random random = new Random(7);
    PersistentList<Object> base = PersistentList.empty();
    for (int i = 0; i < 5_000; i++) {
      base = base.appended(new Object());
    }
    for (int round = 0; round < 200; round++) {
      PersistentList<Object> changed = base;
      List<Integer> expected = new ArrayList<>();
      for (int at = random.nextInt(50); at < base.size(); at += 1 + random.nextInt(700)) {
        changed = changed.with(at, new Object());
        expected.add(at);
      }
      int appended = random.nextInt(2_000);
      for (int i = 0; i < appended; i++) {
        changed = changed.appended(new Object());
      }
      assertEquals(expected, differences(changed, base));
      assertEquals(expected, differences(base, changed));
      assertEquals(expected, differences(PersistentList.copyOf(new ArrayList<>(changed)), base));
    }
  }

  @Test
  void aPersistentListIsNotCopiedAndNullsAreRefused() {
    PersistentList<String> list = PersistentList.copyOf(List.of("a", "b"));
    assertSame(list, PersistentList.copyOf(list));
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> PersistentList.copyOf(withNull));
    assertThrows(NullPointerException.class, () -> list.appended(null));
    assertThrows(IndexOutOfBoundsException.class, () -> list.with(2, "c"));
    assertThrows(UnsupportedOperationException.class, () -> list.add("c"));
  }

  private static List<Integer> differences(PersistentList<Object> a, PersistentList<Object> b) {
    List<Integer> places = new ArrayList<>();
    a.forEachDifference(b, places::add);
    return places;
  }
}
