package io.ecsmedic.tools;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.InnerClassesAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.MethodTypeEntry;
import java.lang.classfile.constantpool.NameAndTypeEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.constant.ClassDesc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes from a shaded Lambda jar the AWS SDK service code the function can never reach: the
 * operations of each service client it does not call, and the request, response, shape, marshaller,
 * paginator and waiter classes only those operations use.
 *
 * <p>Why a tool of its own: a generated client such as {@code DefaultEc2Client} has a method for
 * each of the service's ~750 operations, so a class-level reachability analysis (the shade plugin's
 * {@code minimizeJar}) keeps every model class of the service (81 MB for EC2, of which a function
 * uses six operations). A general shrinker that removes unused methods (ProGuard) keeps them too:
 * every model class implements {@code SdkPojo.sdkFields()} and {@code AwsRequest.toBuilder()},
 * which the SDK's core calls, and such a shrinker keeps every implementation of a called method in
 * every subclass, instantiated or not.
 *
 * <p>What it does, and why it is safe:
 *
 * <ol>
 *   <li>Only classes in the generated packages of a service ({@code model}, {@code transform},
 *       {@code paginators}, {@code waiters} under {@code software/amazon/awssdk/services/}) may be
 *       removed. Everything else — the function's own code, the SDK core, each service's {@code
 *       internal}, {@code endpoints} and {@code auth} code, every other library — is kept whole.
 *   <li>In a service's client classes ({@code *Client}: the interfaces, their {@code Default*}
 *       implementations, sync and async), a method whose descriptor names a type of the service's
 *       generated packages is an <em>operation</em>. An operation is kept only when some kept code
 *       refers to a method of that name and descriptor on any client class (a call, or a method
 *       reference); every other method of a client class is kept.
 *   <li>A removable class is kept when any kept class names it anywhere in its constant pool (class
 *       entries, descriptors, signatures, strings), or a resource file (a service loader list, an
 *       interceptor list) names it. Client classes are rewritten with a fresh constant pool, so
 *       what a removed operation named no longer counts.
 *   <li>Steps 2 and 3 repeat until nothing changes (a kept paginator calls another operation, a
 *       kept default method calls its overload).
 * </ol>
 *
 * <p>So every class any kept code can link against is in the jar, and the JVM's verifier finds
 * every type it checks. What it cannot see is a class loaded by a name computed at run time; the
 * SDK does that only for classes outside the removable packages (interceptors, credential provider
 * factories, HTTP services), which are always kept.
 *
 * <p>Usage: {@code JarSlimmer JAR} rewrites the jar in place and prints what it removed. Needs Java
 * 24 or later (the {@code java.lang.classfile} API).
 */
public final class JarSlimmer {
  private static final String SERVICES = "software/amazon/awssdk/services/";
  private static final Pattern GENERATED =
      Pattern.compile(
          "software/amazon/awssdk/services/(.+?)/(model|transform|paginators|waiters)/");
  private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\w/$]+)[;<]");
  private static final Pattern NAME_IN_TEXT = Pattern.compile("[\\w.$/]+");

  /** The outcome, for the build log and the tests. */
  public record Result(
      int classesBefore, int classesAfter, long bytesBefore, long bytesAfter, int operationsKept) {
    @Override
    public String toString() {
      return String.format(
          "%,d → %,d classes, %.1f → %.1f MB unzipped, %d client operations kept",
          classesBefore, classesAfter, bytesBefore / 1e6, bytesAfter / 1e6, operationsKept);
    }
  }

  /** A method of a client class, as the constant pool of a caller names it. */
  private record Operation(String name, String descriptor) {}

  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final Map<String, JarEntry> meta = new HashMap<>();
  private final Map<String, ClassModel> models = new HashMap<>();
  private final Map<String, byte[]> rewritten = new HashMap<>();
  private final Map<String, Set<String>> references = new HashMap<>();
  private final Map<String, Set<Operation>> clientCalls = new HashMap<>();

  /**
   * A fresh constant pool means the kept methods' stack maps are computed anew, which needs the
   * class hierarchy: the jar's own classes, then the JDK's.
   */
  private final ClassHierarchyResolver hierarchy =
      ClassHierarchyResolver.ofResourceParsing(
              (ClassDesc c) -> {
                String path =
                    c.descriptorString().substring(1, c.descriptorString().length() - 1) + ".class";
                byte[] bytes = entries.get(path);
                return bytes == null ? null : new ByteArrayInputStream(bytes);
              })
          .orElse(ClassHierarchyResolver.defaultResolver())
          .cached();

  private JarSlimmer() {}

  public static void main(String[] args) throws IOException {
    if (args.length >= 2 && args[0].equals("--missing")) {
      Path jar = Path.of(args[1]);
      missing(jar, List.of(args).subList(2, args.length)).forEach(System.out::println);
      return;
    }
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "usage: JarSlimmer JAR (rewritten in place) | JarSlimmer --missing JAR CLASS...");
    }
    Path jar = Path.of(args[0]);
    Result result = slim(jar, jar);
    System.out.println("jar-slimmer: " + jar.getFileName() + ": " + result);
  }

  /**
   * The classes that code reachable from {@code entries} (a function's handler classes) links
   * against and that neither the jar nor the JDK has, each as {@code missing <- referrer}. A class
   * is reachable when a reachable class names it in a class entry or a descriptor; names in plain
   * strings (classes loaded by name, on purpose optional) are not followed.
   */
  public static List<String> missing(Path jar, List<String> entries) throws IOException {
    JarSlimmer slimmer = new JarSlimmer();
    slimmer.read(jar);
    Map<String, String> referrer = new HashMap<>();
    Deque<String> work = new ArrayDeque<>();
    for (String entry : entries) {
      String name = entry.replace('.', '/');
      referrer.put(name, "(entry)");
      work.add(name);
    }
    Set<String> seen = new HashSet<>();
    List<String> missing = new ArrayList<>();
    while (!work.isEmpty()) {
      String name = work.pop();
      if (!seen.add(name)) {
        continue;
      }
      ClassModel model = slimmer.models.get(name);
      if (model == null) {
        if (ClassLoader.getPlatformClassLoader().getResource(name + ".class") == null) {
          missing.add(name + " <- " + referrer.get(name));
        }
        continue;
      }
      for (String linked : linkedTypes(model)) {
        referrer.putIfAbsent(linked, name);
        work.add(linked);
      }
    }
    Collections.sort(missing);
    return missing;
  }

  /** The types a class links against: its class entries and the types in its descriptors. */
  private static Set<String> linkedTypes(ClassModel model) {
    Set<String> types = new HashSet<>();
    for (PoolEntry entry : model.constantPool()) {
      switch (entry) {
        case ClassEntry c when c.asInternalName().startsWith("[") ->
            addTypes(c.asInternalName(), types);
        case ClassEntry c -> types.add(c.asInternalName());
        case NameAndTypeEntry n -> addTypes(n.type().stringValue(), types);
        case MethodTypeEntry m -> addTypes(m.descriptor().stringValue(), types);
        default -> {}
      }
    }
    model.methods().forEach(m -> addTypes(m.methodType().stringValue(), types));
    model.fields().forEach(f -> addTypes(f.fieldType().stringValue(), types));
    return types;
  }

  private static void addTypes(String descriptor, Set<String> types) {
    Matcher m = DESCRIPTOR_TYPE.matcher(descriptor);
    while (m.find()) {
      types.add(m.group(1));
    }
  }

  /** Reads {@code in}, writes the slimmed jar to {@code out} (which may be the same path). */
  public static Result slim(Path in, Path out) throws IOException {
    JarSlimmer slimmer = new JarSlimmer();
    slimmer.read(in);
    Set<String> kept = slimmer.reachable();
    return slimmer.write(out, kept, Files.getPosixFilePermissions(in));
  }

  private void read(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      for (JarEntry entry : java.util.Collections.list(file.entries())) {
        byte[] bytes = entry.isDirectory() ? null : file.getInputStream(entry).readAllBytes();
        entries.put(entry.getName(), bytes);
        meta.put(entry.getName(), entry);
      }
    }
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      if (isClass(e.getKey())) {
        models.put(internalName(e.getKey()), ClassFile.of().parse(e.getValue()));
      }
    }
  }

  /** The classes to keep: fixpoint of client operations in use and classes named by kept code. */
  private Set<String> reachable() {
    Set<Operation> used = new HashSet<>();
    Set<String> kept;
    int before;
    do {
      before = used.size();
      rewriteClients(used);
      kept = closure();
      for (String name : kept) {
        used.addAll(clientCalls.computeIfAbsent(name, this::clientCallsOf));
      }
    } while (used.size() != before);
    // The last pass found no new operation: its clients and closure are the answer.
    return kept;
  }

  /** Client classes without the operations nothing uses, each with a fresh constant pool. */
  private void rewriteClients(Set<Operation> used) {
    for (Map.Entry<String, ClassModel> e : models.entrySet()) {
      String name = e.getKey();
      if (!isClient(name)) {
        continue;
      }
      references.remove(name);
      clientCalls.remove(name);
      String service = service(name);
      ClassFile classFile =
          ClassFile.of(
              ClassFile.ConstantPoolSharingOption.NEW_POOL,
              ClassFile.ClassHierarchyResolverOption.of(hierarchy));
      ClassTransform withoutUnusedOperations =
          (builder, element) -> {
            if (element instanceof MethodModel m
                && isOperation(m, service)
                && !used.contains(
                    new Operation(m.methodName().stringValue(), m.methodType().stringValue()))) {
              return;
            }
            if (element instanceof InnerClassesAttribute inner) {
              // javac lists every nested class a class mentions (each operation's
              // Request.Builder); the list is for reflection, and kept code names what it needs.
              builder.with(
                  InnerClassesAttribute.of(
                      inner.classes().stream()
                          .filter(c -> !removable(c.innerClass().asInternalName()))
                          .toList()));
              return;
            }
            builder.with(element);
          };
      rewritten.put(name, classFile.transformClass(e.getValue(), withoutUnusedOperations));
    }
  }

  /** Every class reachable from the classes that are never removed and from resource files. */
  private Set<String> closure() {
    Set<String> kept = new HashSet<>();
    Deque<String> work = new ArrayDeque<>();
    for (String name : models.keySet()) {
      if (!removable(name)) {
        work.add(name);
      }
    }
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      if (e.getValue() != null && !isClass(e.getKey())) {
        namesIn(new String(e.getValue(), StandardCharsets.ISO_8859_1), work);
      }
    }
    while (!work.isEmpty()) {
      String name = work.pop();
      if (!models.containsKey(name) || !kept.add(name)) {
        continue;
      }
      work.addAll(references.computeIfAbsent(name, this::referencesOf));
    }
    return kept;
  }

  /** The class names anywhere in a class's constant pool. */
  private Set<String> referencesOf(String name) {
    Deque<String> names = new ArrayDeque<>();
    for (PoolEntry entry : pool(name)) {
      if (entry instanceof Utf8Entry utf8) {
        namesIn(utf8.stringValue(), names);
      }
    }
    return new HashSet<>(names);
  }

  /** The methods of client classes a class calls or refers to. */
  private Set<Operation> clientCallsOf(String name) {
    Set<Operation> calls = new HashSet<>();
    for (PoolEntry entry : pool(name)) {
      if (entry instanceof MemberRefEntry ref && isClient(ref.owner().asInternalName())) {
        calls.add(new Operation(ref.name().stringValue(), ref.type().stringValue()));
      }
    }
    return calls;
  }

  /** Class names a text mentions: internal or dotted names, and types inside descriptors. */
  private void namesIn(String text, Deque<String> out) {
    Matcher types = DESCRIPTOR_TYPE.matcher(text);
    while (types.find()) {
      out.add(types.group(1));
    }
    Matcher words = NAME_IN_TEXT.matcher(text);
    while (words.find()) {
      String word = words.group().replace('.', '/');
      if (models.containsKey(word)) {
        out.add(word);
      }
    }
  }

  private Iterable<PoolEntry> pool(String name) {
    byte[] client = rewritten.get(name);
    ClassModel model = client != null ? ClassFile.of().parse(client) : models.get(name);
    return model.constantPool();
  }

  private Result write(Path out, Set<String> kept, Set<PosixFilePermission> permissions)
      throws IOException {
    int classesBefore = 0;
    int classesAfter = 0;
    long bytesBefore = 0;
    long bytesAfter = 0;
    Path temp = Files.createTempFile(out.toAbsolutePath().getParent(), "slim", ".jar");
    try (OutputStream file = Files.newOutputStream(temp);
        JarOutputStream jar = new JarOutputStream(file)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        String path = e.getKey();
        byte[] bytes = e.getValue();
        boolean isClass = isClass(path);
        if (bytes != null) {
          bytesBefore += bytes.length;
          classesBefore += isClass ? 1 : 0;
        }
        if (isClass) {
          String name = internalName(path);
          if (!kept.contains(name)) {
            continue;
          }
          bytes = rewritten.getOrDefault(name, bytes);
          classesAfter++;
        }
        JarEntry entry = new JarEntry(path);
        entry.setTime(meta.get(path).getTime());
        jar.putNextEntry(entry);
        if (bytes != null) {
          jar.write(bytes);
          bytesAfter += bytes.length;
        }
        jar.closeEntry();
      }
    }
    // A temporary file is private to its owner; the slimmed jar keeps the input's permissions.
    Files.setPosixFilePermissions(temp, permissions);
    Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    int operations = 0;
    for (String name : rewritten.keySet()) {
      String service = service(name);
      if (kept.contains(name)) {
        for (MethodModel m : ClassFile.of().parse(rewritten.get(name)).methods()) {
          operations += isOperation(m, service) ? 1 : 0;
        }
      }
    }
    return new Result(classesBefore, classesAfter, bytesBefore, bytesAfter, operations);
  }

  /** In a service's generated packages: may be removed when nothing kept names it. */
  static boolean removable(String internalName) {
    return GENERATED.matcher(internalName).lookingAt() && !internalName.contains("/internal/");
  }

  /** A service client interface or implementation: {@code services/ec2/DefaultEc2Client}. */
  static boolean isClient(String internalName) {
    if (!internalName.startsWith(SERVICES) || removable(internalName)) {
      return false;
    }
    String simple = internalName.substring(internalName.lastIndexOf('/') + 1);
    return simple.endsWith("Client") && !internalName.contains("/internal/");
  }

  /** The service package of a class: {@code software/amazon/awssdk/services/ec2/}. */
  private static String service(String internalName) {
    return internalName.substring(0, internalName.lastIndexOf('/') + 1);
  }

  /**
   * A method whose descriptor or generic signature names one of the service's generated types (the
   * signature, because an async client's {@code describeSubnets()} is {@code
   * CompletableFuture<DescribeSubnetsResponse>}).
   */
  private static boolean isOperation(MethodModel method, String service) {
    String signature =
        method
            .findAttribute(Attributes.signature())
            .map(s -> s.signature().stringValue())
            .orElse("");
    Matcher types = DESCRIPTOR_TYPE.matcher(method.methodType().stringValue() + signature);
    while (types.find()) {
      String type = types.group(1);
      if (type.startsWith(service) && removable(type)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isClass(String path) {
    return path.endsWith(".class")
        && !path.startsWith("META-INF/versions/")
        && !path.endsWith("module-info.class");
  }

  private static String internalName(String path) {
    return path.substring(0, path.length() - ".class".length());
  }
}
