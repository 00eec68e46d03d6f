package io.ecsmedic.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * Narrow fakes at the AWS port boundary, for the few calls the local emulator cannot make behave as
 * AWS does (every registered target healthy, no deployment history, tags that never fail to read).
 * Each test that uses one says which call and why; everything else goes to the emulator.
 */
final class NarrowFakes {
  private NarrowFakes() {}

  /**
   * A client that answers one operation with {@code answer} (in both its request and its
   * builder-consumer form) and sends every other call to {@code real}.
   */
  @SuppressWarnings("unchecked")
  static <C, Q, B extends software.amazon.awssdk.utils.builder.SdkBuilder<B, Q>> C decorate(
      Class<C> type,
      C real,
      String operation,
      Class<Q> requestType,
      java.util.function.Supplier<B> builder,
      java.util.function.Function<Q, Object> answer) {
    return (C)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getName().equals(operation) && args != null && args.length == 1) {
                if (requestType.isInstance(args[0])) {
                  return answer.apply(requestType.cast(args[0]));
                }
                if (args[0] instanceof Consumer<?> consumer) {
                  B b = builder.get();
                  ((Consumer<B>) consumer).accept(b);
                  return answer.apply(b.build());
                }
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
