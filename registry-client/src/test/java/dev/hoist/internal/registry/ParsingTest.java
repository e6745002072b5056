package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** References, challenges, Retry-After and loopback detection. */
class ParsingTest {
  @Test
  void challengesAreParsed() {
    Challenge bearer = Challenge.parse(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:a/b:pull,push\","
            + "error=\"insufficient_scope\"").orElseThrow();
    assertTrue(bearer.isBearer());
    assertEquals("https://auth.docker.io/token", bearer.parameter("realm"));
    assertEquals("repository:a/b:pull,push", bearer.parameter("scope"));
    assertEquals("insufficient_scope", bearer.parameter("error"));
    Challenge basic = Challenge.parse("Basic realm=\"Registry Realm\"").orElseThrow();
    assertTrue(basic.isBasic());
    assertEquals(Map.of("realm", "Registry Realm"), basic.parameters());
    assertTrue(Challenge.parse("").isEmpty());
  }

  @Test
  void retryAfterInSecondsOrAsADate() {
    assertEquals(Duration.ofSeconds(3), RegistryTransport.retryAfter("3"));
    assertEquals(Duration.ofSeconds(30), RegistryTransport.retryAfter("3600"), "capped");
    assertEquals(Duration.ZERO, RegistryTransport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
    assertNull(RegistryTransport.retryAfter("soon"));
  }

  @Test
  void loopbackRegistriesMayUsePlainHttp() {
    RegistryOptions options = RegistryOptions.defaults();
    assertTrue(options.allowsPlainHttp("localhost:5000"));
    assertTrue(options.allowsPlainHttp("127.0.0.1:5000"));
    assertTrue(options.allowsPlainHttp("[::1]:5000"));
    assertFalse(options.allowsPlainHttp("ghcr.io"));
    assertFalse(options.allowsPlainHttp("10.0.0.1:5000"));
    assertTrue(options.withInsecureRegistries(java.util.Set.of("10.0.0.1:5000")).allowsPlainHttp("10.0.0.1:5000"));
  }

  @Test
  void nextLinkOfPaginatedAnswers() {
    assertEquals(java.util.Optional.of("/v2/a/tags/list?last=b&n=2"),
        RegistryClient.nextLink(java.util.List.of("</v2/a/tags/list?last=b&n=2>; rel=\"next\"")));
    assertEquals(java.util.Optional.of("https://r.example/v2/a/tags/list?last=z"), RegistryClient.nextLink(
        java.util.List.of("<https://r.example/v2/a/tags/list?n=1>; rel=\"prev\", <https://r.example/v2/a/tags/list?last=z>; rel=next")));
    assertTrue(RegistryClient.nextLink(java.util.List.of()).isEmpty());
  }

  @Test
  void schemaOneAndOtherContentAreRefused() throws Exception {
    byte[] schema1 = "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"1\",\"fsLayers\":[]}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (String contentType : new String[] {"application/vnd.docker.distribution.manifest.v1+prettyjws",
        "application/json", null}) {
      RegistryException e = assertThrows(RegistryException.class,
          () -> RegistryClient.supportedMediaType(contentType, schema1, "old.example/app:1"));
      assertEquals(RegistryException.Kind.UNSUPPORTED, e.kind());
      assertTrue(e.getMessage().startsWith("old.example/app:1 uses the Docker schema 1 manifest format"), e.getMessage());
    }
    byte[] oci = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("application/vnd.oci.image.manifest.v1+json",
        RegistryClient.supportedMediaType("application/json", oci, "x"));
    assertEquals("application/vnd.docker.distribution.manifest.list.v2+json",
        RegistryClient.supportedMediaType("application/vnd.docker.distribution.manifest.list.v2+json", oci, "x"));
    RegistryException other = assertThrows(RegistryException.class,
        () -> RegistryClient.supportedMediaType("application/vnd.example.thing", oci, "x"));
    assertTrue(other.getMessage().contains("not an image manifest or index"), other.getMessage());
  }

  @Test
  void credentialsNeverPrintTheSecret() {
    assertFalse(new Credentials("bob", "hunter2").toString().contains("hunter2"));
  }
}
