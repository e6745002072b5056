package dev.hoist.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's rules that docker-compose 1.29 cannot serve as a reference for, and its errors. */
class ProjectLoaderTest {
  @TempDir Path dir;

  private ComposeProject load(String yaml, Map<String, String> env, String... profiles)
      throws Exception {
    Path project = Files.createDirectories(dir.resolve("My_App.1"));
    Files.writeString(project.resolve("compose.yaml"), yaml);
    return new ProjectLoader(new ProjectOptions(List.of(), null, null, List.of(),
        List.of(profiles), project, env, true)).load();
  }

  private String error(String yaml, Map<String, String> env) {
    return assertThrows(ComposeException.class, () -> load(yaml, env)).getMessage();
  }

  @Test
  void everyInterpolationFormAndTheDirectoryNameAsProjectName() throws Exception {
    ComposeProject p = load("""
        services:
          a:
            image: "busybox:${TAG}"
            environment:
              - ALT=${TAG:+set}
              - ALT_EMPTY=${EMPTY:+x}
              - PLUS_EMPTY=${EMPTY+present}
              - DASH=${EMPTY-unused}
              - COLON_DASH=${EMPTY:-default}
              - NESTED=${NOPE:-${TAG}}
              - DOLLAR=$$TAG
              - Q=${TAG:?never}
        """, Map.of("TAG", "1", "EMPTY", ""));
    assertEquals("my_app1", p.name());
    ServiceConfig a = p.service("a");
    assertEquals("busybox:1", a.image());
    assertEquals("set", a.environment().get("ALT"));
    assertEquals("", a.environment().get("ALT_EMPTY"));
    assertEquals("present", a.environment().get("PLUS_EMPTY"));
    assertEquals("", a.environment().get("DASH"));
    assertEquals("default", a.environment().get("COLON_DASH"));
    assertEquals("1", a.environment().get("NESTED"));
    assertEquals("$TAG", a.environment().get("DOLLAR"));
    assertEquals("1", a.environment().get("Q"));
    assertEquals("my_app1_default", p.networks().get("default").name());
  }

  @Test
  void errorsNameFileLineAndKeyPath() throws Exception {
    Path file = dir.resolve("My_App.1").resolve("compose.yaml");
    assertEquals(file + ":3: services.a.image: required variable TAG is missing a value: "
        + "give a tag", error("services:\n  a:\n    image: \"x:${TAG:?give a tag}\"\n",
            Map.of()));
    assertTrue(error("services:\n  a:\n    image: x\n    prots: [80]\n", Map.of())
        .startsWith(file + ":4: services.a.prots: unknown key \"prots\" (did you mean "
            + "\"ports\"?); valid keys: annotations, "));
    assertEquals(file + ":5: services.a.ports[1]: invalid port \"80:80:80:80\"",
        error("services:\n  a:\n    image: x\n    ports: [\"80\",\n      \"80:80:80:80\"]\n",
            Map.of()));
    assertEquals(file + ":4: services.a.depends_on: dependency cycle: a -> b -> c -> a",
        error("services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n"
            + "    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]\n", Map.of()));
    assertEquals(file + ":3: services.a.image: required variable TAG is missing a value",
        error("services:\n  a:\n    image: \"x:${TAG?}\"\n", Map.of()));
    assertTrue(error("services:\n  a:\n    image: x\n    healthcheck:\n      tst: [CMD, true]\n",
        Map.of()).startsWith(file + ":5: services.a.healthcheck.tst: unknown key \"tst\" (did "
            + "you mean \"test\"?); valid keys: "));
    String topLevel = error("servics:\n  a:\n    image: x\n", Map.of());
    assertTrue(topLevel.startsWith(file + ":1: servics: unknown key \"servics\" (did you mean "
        + "\"services\"?); valid keys: "), topLevel);
    assertTrue(error("services:\n  a:\n    image: x\n    depends_on: [nope]\n", Map.of())
        .startsWith(file + ":4: services.a.depends_on"));
    assertEquals(file + ":1: models: not supported by hoist compose yet (see "
        + "docs/compose.md)", error("models: {}\nservices: {}\n", Map.of()));
    assertEquals(file + ":5: services.a.volumes[0]: named volume \"data\" is not declared in "
        + "the top-level volumes", error("services:\n  a:\n    image: x\n    volumes:\n"
            + "      - data:/data\n", Map.of()));
  }

  @Test
  void profilesSelectServicesAndADependencyOnADisabledOneIsRefused() throws Exception {
    String yaml = """
        services:
          app:
            image: x
          debug:
            image: x
            profiles: [debug]
          tool:
            image: x
            profiles: [tools]
            depends_on: [debug]
          seed:
            image: x
            profiles: [tools]
        """;
    assertEquals(List.of("app"), List.copyOf(load(yaml, Map.of()).services().keySet()));
    assertEquals(List.of("app", "debug"),
        List.copyOf(load(yaml, Map.of(), "debug").services().keySet()));
    assertEquals(List.of("app", "debug"), List.copyOf(load(yaml,
        Map.of("COMPOSE_PROFILES", "debug")).services().keySet()));
    assertTrue(assertThrows(ComposeException.class, () -> load(yaml, Map.of(), "tools"))
        .getMessage().endsWith("service \"tool\" depends on service \"debug\", which no "
            + "enabled profile selects"));

    // compose run: the targeted service's profiles added to those of .env's COMPOSE_PROFILES
    Files.writeString(dir.resolve("My_App.1").resolve(".env"), "COMPOSE_PROFILES=debug\n");
    ProjectLoader loader = new ProjectLoader(ProjectOptions.in(dir.resolve("My_App.1"),
        Map.of()));
    assertEquals(List.of("app", "debug"), List.copyOf(loader.load().services().keySet()));
    ComposeProject targeting = loader.load("tool");
    assertEquals(List.of("app", "debug", "tool", "seed"),
        List.copyOf(targeting.services().keySet()), "debug, which tool depends on, stays");
    assertEquals(List.of("app", "debug"), List.copyOf(loader.load("app").services().keySet()),
        "an enabled target adds nothing");
    assertEquals(List.of("app", "debug"), List.copyOf(loader.load("nosuch").services()
        .keySet()), "an unknown target is the caller's error");
  }

  @Test
  void includeAddsAnotherProjectsResourcesWithItsOwnPathsAndVariables() throws Exception {
    Path project = Files.createDirectories(dir.resolve("My_App.1"));
    Path sub = Files.createDirectories(project.resolve("db"));
    Files.writeString(sub.resolve(".env"), "DB_TAG=15\n");
    Files.writeString(sub.resolve("compose.yaml"), """
        services:
          db:
            image: "postgres:${DB_TAG}"
            volumes: ["./data:/var/lib/data", "dbdata:/db"]
        volumes:
          dbdata: {}
        """);
    ComposeProject p = load("""
        include:
          - db/compose.yaml
        services:
          web:
            image: x
            depends_on: [db]
        """, Map.of());
    assertEquals(java.util.Set.of("web", "db"), p.services().keySet());
    assertEquals("postgres:15", p.service("db").image());
    assertEquals(sub.resolve("data").toString(), p.service("db").volumes().get(0).source());
    assertTrue(p.volumes().containsKey("dbdata"), p.volumes().toString());
    assertTrue(error("include: [{path: db/compose.yaml}]\nservices:\n  db:\n    image: x\n",
        Map.of()).contains("include[0]: services.db is defined both by this project and by "
            + "the included"));
    assertTrue(error("include: [{path: db/compose.yaml, pth: x}]\n", Map.of())
        .contains("include[0].pth: unknown key"));
    Files.writeString(sub.resolve("compose.yaml"), "include: [../loop.yaml]\n");
    Files.writeString(project.resolve("loop.yaml"), "include: [db/compose.yaml]\n");
    assertTrue(error("include: [db/compose.yaml]\n", Map.of()).contains("include cycle: "),
        "a cycle is one error, not a stack overflow");
  }

  /**
   * {@code KEY} alone in {@code environment:}, an {@code env_file} or {@code build.args} takes
   * the project's value (the environment, else {@code .env}), as Compose v2 does; one the
   * project lacks is unset in the container (over an {@code env_file}'s value too) and left to
   * the Dockerfile's default in a build, never hoist's own environment's.
   */
  @Test
  void keysGivenAloneTakeTheProjectsValuesDotEnvIncluded() throws Exception {
    Path project = Files.createDirectories(dir.resolve("My_App.1"));
    Files.writeString(project.resolve(".env"), "RUN_VAR=env-from-dotenv\n"
        + "FILE_VAR=file-from-dotenv\nBUILD_VAR=arg-from-dotenv\n");
    Files.writeString(project.resolve("vars.env"), "FILE_VAR\nUNSET_HERE=from-env-file\n");
    ComposeProject p = load("""
        services:
          a:
            build:
              context: .
              args: [BUILD_VAR, PATH_UNSET_IN_PROJECT]
            env_file: vars.env
            environment: [RUN_VAR, UNSET_HERE, WINS]
        """, Map.of("WINS", "from-environment"));
    ServiceConfig a = p.service("a");
    assertEquals("arg-from-dotenv", a.build().args().get("BUILD_VAR"));
    assertTrue(a.build().args().containsKey("PATH_UNSET_IN_PROJECT"));
    assertEquals(null, a.build().args().get("PATH_UNSET_IN_PROJECT"), "the Dockerfile's default");
    assertEquals("env-from-dotenv", a.environment().get("RUN_VAR"));
    assertEquals("file-from-dotenv", a.environment().get("FILE_VAR"));
    assertEquals("from-environment", a.environment().get("WINS"));
    List<String> env = ServiceRun.of(p, a, 1, "my_app1-a-1", Map.of()).options().env();
    assertEquals(List.of("FILE_VAR=file-from-dotenv", "RUN_VAR=env-from-dotenv",
        "WINS=from-environment"), env.stream().sorted().toList(),
        "UNSET_HERE unset over the env_file's value, nothing left for hoist's environment");
  }

  @Test
  void buildSecretsComeFromAFileOrAVariableDotEnvIncluded() throws Exception {
    Path project = Files.createDirectories(dir.resolve("My_App.1"));
    Files.writeString(project.resolve("token.txt"), "s3cret");
    Files.writeString(project.resolve(".env"), "API_KEY=from-dotenv\n");
    String yaml = """
        services:
          a:
            build:
              context: .
              secrets: [token, {source: fromenv, target: api_key}]
        secrets:
          token: {file: ./token.txt}
          fromenv: {environment: API_KEY}
        """;
    ComposeProject p = load(yaml, Map.of());
    assertEquals(List.of(new BuildSecret("token", "token", project.resolve("token.txt")
            .toString(), null, null), new BuildSecret("fromenv", "api_key", null, "API_KEY",
            "from-dotenv")),
        p.service("a").build().secrets());
    assertFalse(p.service("a").build().toString().contains("from-dotenv"), "never shown");
    assertEquals("from-environment", load(yaml, Map.of("API_KEY", "from-environment"))
        .service("a").build().secrets().get(1).value(), "the environment wins over .env");
    assertTrue(ConfigView.yaml(ConfigView.tree(p)).contains("- source: fromenv\n"
        + "          target: api_key"), ConfigView.yaml(ConfigView.tree(p)));
    assertTrue(error("services:\n  a:\n    build:\n      context: .\n      secrets: [nope]\n",
        Map.of()).contains("services.a.build.secrets[0]: secret \"nope\" is not declared"));
    assertTrue(error("services:\n  a:\n    image: x\nsecrets:\n  t:\n    file: ./token.txt\n"
        + "    environment: T\n", Map.of()).contains("secrets.t: file and environment are "
        + "mutually exclusive"));
  }

  @Test
  void buildExtraHostsShmSizeAndUlimitsAreReadForTheRunSteps() throws Exception {
    ComposeProject p = load("""
        services:
          a:
            build:
              context: .
              extra_hosts: ["db=10.0.0.5", "gw:host-gateway"]
              shm_size: 96m
              ulimits: {nofile: {soft: 512, hard: 1000}, nproc: 100}
        """, Map.of());
    BuildConfig b = p.service("a").build();
    assertEquals(List.of("db:10.0.0.5", "gw:host-gateway"), b.extraHosts());
    assertEquals(Long.toString(96L << 20), b.shmSize());
    assertEquals(Map.of("nofile", "512:1000", "nproc", "100"), b.ulimits());
    String yaml = ConfigView.yaml(ConfigView.tree(p));
    assertTrue(yaml.contains("shm_size: \"" + (96L << 20) + "\"")
        || yaml.contains("shm_size: " + (96L << 20)), yaml);
    assertTrue(yaml.contains("soft: 512"), yaml);
    assertTrue(error("services:\n  a:\n    build:\n      context: .\n      shm_size: lots\n",
        Map.of()).contains("services.a.build.shm_size: invalid size"));
  }

  @Test
  void secretsAndConfigsMadeOfAValueAreFilesOfTheService() throws Exception {
    ComposeProject p = load("""
        services:
          a:
            image: x
            secrets: [token]
            configs: [{source: app, target: /etc/app.conf}, fromenv]
        secrets:
          token: {environment: TOKEN}
        configs:
          app:
            content: |
              port=${PORT}
          fromenv: {environment: PORT}
        """, Map.of("TOKEN", "s3cret", "PORT", "8080"));
    assertEquals(Map.of("/run/secrets/token", "s3cret", "/etc/app.conf", "port=8080\n",
        "/fromenv", "8080"), p.service("a").files());
    String yaml = ConfigView.yaml(ConfigView.tree(p));
    assertFalse(yaml.contains("s3cret"), yaml);
    assertTrue(yaml.contains("/run/secrets/token: sha256:"), yaml);
    ComposeProject changed = load("""
        services:
          a:
            image: x
            secrets: [token]
        secrets:
          token: {environment: TOKEN}
        """, Map.of("TOKEN", "other"));
    assertFalse(ConfigHash.of(changed.service("a")).equals(ConfigHash.of(load("""
        services:
          a:
            image: x
            secrets: [token]
        secrets:
          token: {environment: TOKEN}
        """, Map.of("TOKEN", "s3cret")).service("a"))), "a new value recreates");
  }

  @Test
  void fileSecretsAndConfigsAreReadOnlyBindMounts() throws Exception {
    Path project = Files.createDirectories(dir.resolve("My_App.1"));
    Files.writeString(project.resolve("token.txt"), "s3cret");
    Files.writeString(project.resolve("app.conf"), "x=1");
    ComposeProject p = load("""
        services:
          a:
            image: x
            secrets: [token, {source: token, target: other}]
            configs: [app, {source: app, target: /etc/app.conf}]
        secrets:
          token: {file: ./token.txt}
        configs:
          app: {file: app.conf}
        """, Map.of());
    List<VolumeMount> v = p.service("a").volumes();
    assertEquals(List.of("/run/secrets/token", "/run/secrets/other", "/app", "/etc/app.conf"),
        v.stream().map(VolumeMount::target).toList());
    assertTrue(v.stream().allMatch(m -> m.type().equals("bind") && m.readOnly()), v.toString());
    assertEquals(project.resolve("token.txt").toString(), v.get(0).source());
    assertTrue(error("services:\n  a:\n    image: x\n    secrets: [nope]\n", Map.of())
        .contains("services.a.secrets[0]: secret \"nope\" is not declared"));
    assertTrue(error("services:\n  a:\n    image: x\n    secrets: [t]\nsecrets:\n  t:\n"
        + "    environment: T\n", Map.of()).contains("secrets.t.environment: variable T is not "
        + "set (services.a.secrets[0] uses it)"));
    assertTrue(error("services:\n  a:\n    image: x\nconfigs:\n  c:\n    content: x\n"
        + "    file: ./token.txt\n", Map.of()).contains("configs.c: file, environment and "
        + "content are mutually exclusive"));
    assertTrue(error("services:\n  a:\n    image: x\nconfigs:\n  c:\n    file: ./none\n",
        Map.of()).contains("configs.c.file: file "));
  }

  @Test
  void hostKeysAreReadCheckedAndPrintedAsComposeV2Does() throws Exception {
    ComposeProject p = load("""
        services:
          es:
            image: x
            ulimits:
              nofile: {soft: 1024, hard: 2048}
              nproc: 512
            shm_size: 256m
            sysctls: [net.core.somaxconn=1024]
            devices: [/dev/null:/dev/null2:r]
            group_add: [10, wheel]
            security_opt: ["no-new-privileges:true"]
            ipc: shareable
            oom_score_adj: 500
            cpu_shares: 512
            cpuset: "0"
            mem_limit: 64m
            memswap_limit: 128m
            dns_search: example.com
            dns_opt: [ndots:2]
            cpu_period: 50000
            cpu_quota: 25000
            mem_reservation: 32m
            oom_kill_disable: true
            blkio_config: {weight: 300}
            domainname: example.org
          side:
            image: x
            network_mode: service:es
            pid: host
            uts: host
        """, Map.of());
    ServiceHost h = p.service("es").host();
    assertEquals(Map.of("nofile", "1024:2048", "nproc", "512"), h.ulimits());
    assertEquals("268435456", h.shmSize());
    assertEquals(List.of("example.com"), h.dnsSearch());
    Map<String, Object> es = ConfigView.service(p.service("es"));
    assertEquals(Map.of("nofile", Map.of("soft", 1024L, "hard", 2048L), "nproc", 512L),
        es.get("ulimits"));
    assertEquals(List.of(Map.of("source", "/dev/null", "target", "/dev/null2",
        "permissions", "r")), es.get("devices"));
    assertEquals("134217728", es.get("memswap_limit"));
    assertEquals(Map.of("net.core.somaxconn", "1024"), es.get("sysctls"));
    assertEquals(List.of("10", "wheel"), es.get("group_add"));
    assertEquals(List.of(50000L, 25000L, "33554432", true, Map.of("weight", 300L),
        "example.org"), List.of(es.get("cpu_period"), es.get("cpu_quota"),
        es.get("mem_reservation"), es.get("oom_kill_disable"), es.get("blkio_config"),
        es.get("domainname")));
    // service:NAME joins that service's container: a dependency as Compose makes it, no networks
    ServiceConfig side = p.service("side");
    assertEquals(new Dependency(Dependency.STARTED, true, true), side.dependsOn().get("es"));
    Map<String, Object> view = ConfigView.service(side);
    assertEquals("service:es", view.get("network_mode"));
    assertFalse(view.containsKey("networks"));
    // a changed value changes the config hash (up recreates)
    String ulimit = "services:\n  es:\n    image: x\n    ulimits:\n"
        + "      nofile: {soft: 1024, hard: %d}\n";
    ComposeProject other = load(ulimit.formatted(4096), Map.of());
    ComposeProject same = load(ulimit.formatted(2048), Map.of());
    assertFalse(ConfigHash.of(other.service("es")).equals(ConfigHash.of(same.service("es"))));
    // a limit above this host's (hoist's own hard limit) loads (config is the file's), and up
    // refuses it, naming the key
    ServiceConfig high = load(ulimit.formatted(1L << 40), Map.of()).service("es");
    assertTrue(assertThrows(ComposeException.class, () -> ServiceHostOptions.of(high))
        .getMessage().startsWith("services.es.ulimits.nofile: --ulimit nofile=1024:"
            + (1L << 40) + ": the hard limit is above hoist's own"));
  }

  @Test
  void volumesFromNamesAServicesFirstContainerOrAContainerAndIsADependency() throws Exception {
    String yaml = """
        services:
          data:
            image: x
            container_name: the-data
          logs:
            image: x
          app:
            image: x
            volumes_from:
              - data
              - service:logs:ro
              - container:other:rw
        """;
    ComposeProject p = load(yaml, Map.of());
    ServiceConfig app = p.service("app");
    List<String> written = List.of("data", "logs:ro", "container:other:rw");
    assertEquals(written, app.volumesFrom());
    assertEquals(written, ConfigView.service(app).get("volumes_from"));
    // as Compose: each service is started first, and not restarted with it; no container is
    assertEquals(new Dependency(Dependency.STARTED, false, true), app.dependsOn().get("data"));
    assertEquals(new Dependency(Dependency.STARTED, false, true), app.dependsOn().get("logs"));
    assertEquals(2, app.dependsOn().size());
    assertEquals(List.of(new dev.hoist.internal.runtime.VolumesFrom("the-data", null),
        new dev.hoist.internal.runtime.VolumesFrom("my_app1-logs-1", "ro"),
        new dev.hoist.internal.runtime.VolumesFrom("other", "rw")),
        ServiceRun.volumesFrom(p, app));
    // its mode changes the config hash (up recreates)
    String ro = yaml.replace("- data\n", "- data:ro\n");
    assertFalse(ConfigHash.of(app).equals(ConfigHash.of(load(ro, Map.of()).service("app"))));

    Path file = dir.resolve("My_App.1").resolve("compose.yaml");
    String head = "services:\n  es:\n    image: x\n";
    assertEquals(file + ":4: services.es.volumes_from: service \"es\" depends on undefined "
        + "service \"nope\"", error(head + "    volumes_from: [nope]\n", Map.of()));
    assertTrue(error(head + "    volumes_from: [\"container:c:shared\"]\n", Map.of())
        .startsWith(file + ":4: services.es.volumes_from: invalid volumes_from "
            + "\"container:c:shared\""), "a mode other than ro or rw");
  }

  @Test
  void badHostKeysAreRefusedNamingTheKey() throws Exception {
    Path file = dir.resolve("My_App.1").resolve("compose.yaml");
    String head = "services:\n  es:\n    image: x\n";
    assertTrue(error(head + "    ulimits:\n      nofile: {soft: 4096, hard: 1024}\n", Map.of())
        .startsWith(file + ":5: services.es.ulimits.nofile: "));
    assertTrue(error(head + "    ulimits:\n      nofiles: 10\n", Map.of())
        .startsWith(file + ":5: services.es.ulimits.nofiles: invalid ulimit type: nofiles"));
    assertTrue(error(head + "    sysctls:\n      kernel.hostname: x\n", Map.of())
        .startsWith(file + ":5: services.es.sysctls.kernel.hostname: "));
    assertTrue(error(head + "    shm_size: lots\n", Map.of())
        .startsWith(file + ":4: services.es.shm_size: invalid size"));
    assertTrue(error(head + "    cpu_quota: 500\n", Map.of()).startsWith(file
        + ":4: services.es.cpu_quota: CPU cfs quota can not be less than 1ms"));
    assertTrue(error(head + "    blkio_config:\n      weight: 5\n", Map.of()).contains(
        "services.es.blkio_config: Range of blkio weight is from 10 to 1000"));
    assertTrue(error(head + "    blkio_config:\n      device_read_bps: []\n", Map.of())
        .contains("services.es.blkio_config.device_read_bps: not supported by hoist compose"));
    assertTrue(error(head + "    security_opt: [\"apparmor:myprofile\"]\n", Map.of())
        .startsWith(file + ":4: services.es.security_opt: --security-opt apparmor:myprofile "
            + "is not supported"));
    assertTrue(error(head + "    ipc: sometimes\n", Map.of())
        .startsWith(file + ":4: services.es.ipc: "));
    assertTrue(error(head + "    memswap_limit: 1g\n", Map.of())
        .startsWith(file + ":4: services.es.memswap_limit: You should always set the Memory "
            + "limit"));
    assertEquals(file + ":4: services.es.network_mode: service es declares mutually exclusive "
        + "`network_mode` and `networks`",
        error(head + "    network_mode: host\n    networks: [default]\n", Map.of()));
    assertEquals(file + ":4: services.es.network_mode: invalid network_mode \"mynet\" "
        + "(host, none, bridge, service:NAME, container:NAME)",
        error(head + "    network_mode: mynet\n", Map.of()));
    assertTrue(error(head + "    network_mode: service:nope\n", Map.of()).contains("nope"));
    assertTrue(error(head + "    userns_mode: host\n", Map.of())
        .startsWith(file + ":4: services.es.userns_mode: not supported by hoist compose yet"));
  }
}
