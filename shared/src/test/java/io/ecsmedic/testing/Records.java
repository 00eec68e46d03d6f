package io.ecsmedic.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A copy of a record with some components changed, for case tables over facts records of fifteen
 * fields: {@code Records.with(HEALTHY, "agentVersion", "1.48.1")} instead of a hand-written copy
 * per field. A misspelt component name fails the test at once, naming the components there are.
 */
public final class Records {
  private Records() {}

  /** {@code record} with one component replaced. */
  public static <R extends Record> R with(R record, String component, Object value) {
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put(component, value);
    return with(record, changes);
  }

  /** {@code record} with the given components replaced (values may be null). */
  @SuppressWarnings("unchecked")
  public static <R extends Record> R with(R record, Map<String, ?> changes) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Set<String> unknown = new HashSet<>(changes.keySet());
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      unknown.remove(c.getName());
      try {
        args[i] =
            changes.containsKey(c.getName())
                ? changes.get(c.getName())
                : c.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName(), e);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          record.getClass().getSimpleName()
              + " has no component "
              + unknown
              + "; it has "
              + Arrays.stream(components).map(RecordComponent::getName).toList());
    }
    try {
      Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return (R) canonical.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName(), e);
    }
  }
}
