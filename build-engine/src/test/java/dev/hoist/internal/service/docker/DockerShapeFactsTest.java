package dev.hoist.internal.service.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.internal.cache.json.CanonicalJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape checker finds each way an object can differ from Docker's, so a pass means something. */
class DockerShapeFactsTest {
  private final DockerShapeFacts facts = DockerShapeFacts.load();

  @Test
  void aMissingFieldAWrongTypeANullAndAFieldDockerLacksAreEachFound() throws Exception {
    String json = "{\"Type\":\"layers\"}";
    assertEquals(List.of("RootFS.Layers: missing (Docker always prints it)"),
        facts.problems("RootFS", CanonicalJson.mapper().readTree(json)));
    assertEquals(List.of("RootFS.Layers[0]: must be string, is NUMBER 1"), facts.problems("RootFS",
        CanonicalJson.mapper().readTree("{\"Type\":\"layers\",\"Layers\":[1]}")));
    assertEquals(List.of("RootFS.Type: null, Docker's is never null (string)"),
        facts.problems("RootFS",
            CanonicalJson.mapper().readTree("{\"Type\":null,\"Layers\":[]}")));
    assertEquals(List.of("RootFS.layers: not a field of Docker's RootFS"), facts.problems("RootFS",
        CanonicalJson.mapper().readTree("{\"Type\":\"layers\",\"Layers\":[],\"layers\":[]}")));
  }

  @Test
  void omittedFieldsMayBeAbsentAndNestedShapesAreChecked() throws Exception {
    assertEquals(List.of(), facts.problems("MountPoint", CanonicalJson.mapper().readTree(
        "{\"Type\":\"bind\",\"Source\":\"/a\",\"Destination\":\"/b\",\"Mode\":\"\",\"RW\":true,"
            + "\"Propagation\":\"rprivate\"}")));
    assertEquals(List.of("GraphDriverData.Data[UpperDir]: must be string, is BOOLEAN true"),
        facts.problems("GraphDriverData", CanonicalJson.mapper().readTree(
            "{\"Name\":\"overlay2\",\"Data\":{\"UpperDir\":true}}")));
  }
}
