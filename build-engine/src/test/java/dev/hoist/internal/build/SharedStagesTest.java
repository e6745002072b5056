package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.cache.model.Platform;
import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.stages.ResolveOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedStagesTest {
  private static List<String> shared(String dockerfile) {
    return SharedStages.of(Dockerfile.parse(dockerfile, "Dockerfile"), ResolveOptions.defaults(),
        List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")));
  }

  @Test
  void aBuildPlatformStageReadingNoTargetArgIsShared() {
    assertEquals(List.of("tools", "deps"), shared("""
        ARG TARGETARCH
        FROM --platform=$BUILDPLATFORM bb AS tools
        RUN echo tools > /t
        from --platform=${BUILDPLATFORM} bb as deps
        RUN echo deps
        FROM bb AS final
        COPY --from=tools /t /t
        COPY --from=deps /t /d
        """));
  }

  @Test
  void aCrossCompilersBuilderReadingTargetArchIsPerPlatform() {
    assertEquals(List.of(), shared("""
        ARG TARGETARCH
        FROM --platform=$BUILDPLATFORM bb AS build
        ARG TARGETARCH
        RUN echo $TARGETARCH > /out
        FROM bb
        COPY --from=build /out /out
        """));
  }

  @Test
  void unnamedTargetPlatformOrUnneededStagesAreNotBuiltAhead() {
    assertEquals(List.of(), shared("""
        FROM --platform=$BUILDPLATFORM bb
        RUN true
        FROM bb AS target
        RUN true
        FROM --platform=$BUILDPLATFORM bb AS unused
        RUN true
        FROM --platform=$BUILDPLATFORM bb AS later
        COPY --from=0 / /
        COPY --from=target / /
        """));
  }

  @Test
  void aStageOfAFixedPlatformIsTheSameForEveryTargetAndShared() {
    assertEquals(List.of("arm", "later"), shared("""
        FROM --platform=linux/arm64 bb AS arm
        RUN true
        FROM --platform=$BUILDPLATFORM bb AS later
        COPY --from=arm / /
        """));
  }

  @Test
  void aFromSplitOverLinesIsRead() {
    assertEquals(List.of("tools"), shared("""
        FROM --platform=$BUILDPLATFORM \\
            bb AS tools
        RUN echo tools > /t
        FROM bb
        COPY --from=tools /t /t
        """));
  }

  @Test
  void aStageMountingAPerPlatformStageIsPerPlatform() {
    assertEquals(List.of("tools"), shared("""
        FROM --platform=$BUILDPLATFORM bb AS per
        ARG TARGETARCH
        RUN echo $TARGETARCH > /a
        FROM --platform=$BUILDPLATFORM bb AS tools
        RUN echo tools > /t
        FROM --platform=$BUILDPLATFORM bb AS mounting
        RUN --mount=from=per,target=/per cat /per/a > /m
        FROM bb
        COPY --from=tools /t /t
        COPY --from=mounting /m /m
        """));
  }

  @Test
  void aWordContainingTargetIsNoTargetArgument() {
    assertEquals(List.of("tools"), shared("""
        FROM --platform=$BUILDPLATFORM bb AS tools
        ENV MAKE_TARGET=all
        RUN echo TARGET $MAKE_TARGET > /t
        FROM bb
        COPY --from=tools /t /t
        """));
  }

  @Test
  void aTargetArgumentInTheFromLineOrAnImageCopiedFromIsPerPlatform() {
    assertEquals(List.of(), shared("""
        ARG TARGETARCH
        FROM --platform=$BUILDPLATFORM bb:${TARGETARCH} AS tools
        RUN true
        FROM --platform=$BUILDPLATFORM bb AS copying
        COPY --from=other:1 / /
        FROM bb
        COPY --from=tools / /
        COPY --from=copying / /
        """));
  }
}
