package io.ecsmedic.snapstart;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's two Lambda SnapStart runtime hooks: its priming, run once before Lambda takes the
 * snapshot of the initialised function, and its refresh, run in every execution environment
 * restored from that snapshot.
 *
 * <p>Why priming: the snapshot holds whatever the JVM has loaded and compiled by then. Running the
 * code every invocation runs (parsing, classifying, rendering, Jackson) once before the snapshot
 * means a restored environment starts with those classes loaded and warmed, instead of loading them
 * during its first invocation. Priming must not call AWS: credentials resolved, connections opened,
 * the clock read into a cached value or random values drawn before the snapshot would be shared by
 * every environment restored from it.
 *
 * <p>Why refresh: anything cached from the environment during initialisation (a timestamp, a
 * per-sandbox id, a seed) is the same in every restored copy; the refresh replaces it.
 *
 * <p>Registered with CRaC's global context, which the Lambda Java runtime drives (docs: "Lambda
 * SnapStart runtime hooks for Java"). On a JVM without CRaC (tests, the local Lambda host) the
 * hooks are accepted and never called. The global context may hold resources weakly, so the handler
 * keeps the returned instance in a field for as long as it lives. A priming that throws fails the
 * snapshot, and so the version's publication: a function whose everyday code path fails on a
 * bundled fixture should not go live.
 */
public final class SnapStartHooks implements Resource {
  private final Runnable prime;
  private final Runnable refresh;

  private SnapStartHooks(Runnable prime, Runnable refresh) {
    this.prime = prime;
    this.refresh = refresh;
  }

  /**
   * Registers the hooks with the runtime and returns them; keep the returned instance.
   *
   * @param prime exercises the function's everyday code without calling AWS
   * @param refresh re-creates what must differ between restored environments
   */
  public static SnapStartHooks register(Runnable prime, Runnable refresh) {
    SnapStartHooks hooks = new SnapStartHooks(prime, refresh);
    Core.getGlobalContext().register(hooks);
    return hooks;
  }

  /** For a function that caches nothing an environment must have for itself. */
  public static final Runnable NOTHING_TO_REFRESH = () -> {};

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime.run();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    refresh.run();
  }
}
