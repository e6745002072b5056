package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's API is the packages in {@link #API_PACKAGES}; everything else of hoist's is
 * internal. This test loads every class of the API packages found on the test class path (build-engine's
 * tests see every library module) and fails, listing each public or protected member of a public API type
 * whose signature (parameters, return type, exceptions, type arguments and bounds, fields, supertypes,
 * record components) names a hoist type outside the API packages, or a third-party type that is not in
 * {@link #ALLOWED_THIRD_PARTY}: a user of the API must never have to touch an internal type to call it.
 */
class ApiSurfaceTest {

  /** The API packages; {@code dev.hoist.api} is included when present on the class path. */
  static final Set<String> API_PACKAGES = Set.of(
      "dev.hoist.api",
      "dev.hoist.cache.image",
      "dev.hoist.cache.model",
      "dev.hoist.dockerfile",
      "dev.hoist.dockerfile.instructions",
      "dev.hoist.dockerfile.stages");

  /**
   * Third-party types an API signature may name, each justified; any other would tie embedders to
   * the versions of hoist's dependencies.
   *
   * <ul>
   *   <li>{@code com.fasterxml.jackson.databind.JsonNode}: the OCI records of {@code
   *       dev.hoist.cache.model} keep the members this version does not know ({@code
   *       unknownFields()}) as Jackson trees, so a manifest or config read and written again keeps
   *       them (OCI asks that unknown fields be preserved). Jackson binds those records anyway, and
   *       {@code JsonNode} has been stable through Jackson 2.x.
   * </ul>
   */
  static final Set<String> ALLOWED_THIRD_PARTY = Set.of("com.fasterxml.jackson.databind.JsonNode");

  @Test
  void apiSignaturesNameOnlyApiAndJdkTypes() {
    List<Class<?>> types = apiTypes();
    assertTrue(types.size() > 20, "found only " + types.size() + " API types on the class path: "
        + System.getProperty("java.class.path"));
    Set<String> leaks = new TreeSet<>();
    for (Class<?> type : types) {
      if (!isPublicApiType(type)) {
        continue;
      }
      String owner = type.getName();
      check(leaks, owner + " extends", type.getGenericSuperclass());
      for (Type t : type.getGenericInterfaces()) {
        check(leaks, owner + " implements", t);
      }
      for (TypeVariable<?> v : type.getTypeParameters()) {
        check(leaks, owner + " <" + v.getName() + ">", v);
      }
      if (type.isRecord()) {
        for (RecordComponent c : type.getRecordComponents()) {
          check(leaks, owner + " record component " + c.getName(), c.getGenericType());
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (visible(type, f) && !f.isSynthetic()) {
          check(leaks, owner + "." + f.getName(), f.getGenericType());
        }
      }
      for (Method m : type.getDeclaredMethods()) {
        if (visible(type, m) && !m.isSynthetic() && !m.isBridge()) {
          String where = owner + "." + m.getName() + "(" + parameterNames(m) + ")";
          check(leaks, where + " returns", m.getGenericReturnType());
          checkExecutable(leaks, where, m);
        }
      }
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (visible(type, c) && !c.isSynthetic()) {
          checkExecutable(leaks, owner + ".<init>(" + parameterNames(c) + ")", c);
        }
      }
    }
    assertEquals("", String.join("\n", leaks),
        leaks.size() + " API members name internal or third-party types");
  }

  private static void checkExecutable(Set<String> leaks, String where, Executable e) {
    for (Type p : e.getGenericParameterTypes()) {
      check(leaks, where + " parameter", p);
    }
    for (Type x : e.getGenericExceptionTypes()) {
      check(leaks, where + " throws", x);
    }
    for (TypeVariable<?> v : e.getTypeParameters()) {
      check(leaks, where + " <" + v.getName() + ">", v);
    }
  }

  private static String parameterNames(Executable e) {
    List<String> names = new ArrayList<>();
    for (Class<?> p : e.getParameterTypes()) {
      names.add(p.getSimpleName());
    }
    return String.join(", ", names);
  }

  private static void check(Set<String> leaks, String where, Type type) {
    Set<String> named = new TreeSet<>();
    collect(type, named, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    for (String name : named) {
      if (!allowed(name)) {
        leaks.add(where + " -> " + name);
      }
    }
  }

  private static void collect(Type type, Set<String> named, Set<Type> seen) {
    if (type == null || !seen.add(type)) {
      return;
    }
    if (type instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (!c.isPrimitive()) {
        named.add(c.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      collect(p.getRawType(), named, seen);
      collect(p.getOwnerType(), named, seen);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, named, seen);
      }
    } else if (type instanceof GenericArrayType g) {
      collect(g.getGenericComponentType(), named, seen);
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        collect(b, named, seen);
      }
      for (Type b : w.getLowerBounds()) {
        collect(b, named, seen);
      }
    } else if (type instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        collect(b, named, seen);
      }
    }
  }

  private static boolean allowed(String className) {
    if (className.startsWith("java.") || className.startsWith("javax.")) {
      return true;
    }
    if (className.startsWith("dev.hoist.")) {
      return API_PACKAGES.contains(packageOf(className));
    }
    return ALLOWED_THIRD_PARTY.contains(className);
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  private static boolean isPublicApiType(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Class<?> owner, Member member) {
    int m = member.getModifiers();
    if (Modifier.isPublic(m)) {
      return true;
    }
    // protected members of a class that can be subclassed from outside its package
    return Modifier.isProtected(m) && !Modifier.isFinal(owner.getModifiers()) && !owner.isEnum()
        && !owner.isRecord() && hasAccessibleConstructor(owner);
  }

  private static boolean hasAccessibleConstructor(Class<?> owner) {
    if (owner.isInterface()) {
      return false;
    }
    for (Constructor<?> c : owner.getDeclaredConstructors()) {
      if (Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())) {
        return true;
      }
    }
    return false;
  }

  /** Every class in an API package on the class path (directories and jars), in name order. */
  static List<Class<?>> apiTypes() {
    Set<String> names = new TreeSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files.filter(f -> f.toString().endsWith(".class"))
              .map(f -> path.relativize(f).toString().replace(File.separatorChar, '/'))
              .forEach(f -> addIfApi(names, f));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        try (JarFile jar = new JarFile(path.toFile())) {
          jar.stream().forEach(e -> addIfApi(names, e.getName()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    List<Class<?>> types = new ArrayList<>();
    ClassLoader loader = ApiSurfaceTest.class.getClassLoader();
    for (String name : names) {
      try {
        types.add(Class.forName(name, false, loader));
      } catch (ClassNotFoundException e) {
        throw new AssertionError("listed on the class path but not loadable: " + name, e);
      }
    }
    return types;
  }

  private static void addIfApi(Set<String> names, String resource) {
    if (!resource.endsWith(".class") || resource.endsWith("package-info.class")
        || resource.endsWith("module-info.class")) {
      return;
    }
    String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
    if (API_PACKAGES.contains(packageOf(name))) {
      names.add(name);
    }
  }
}
