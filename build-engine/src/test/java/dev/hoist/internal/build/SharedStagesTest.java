package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SharedStagesTest {
  @Test
  void aBuildPlatformStageReadingNoTargetArgIsShared() {
    assertEquals(List.of("tools", "deps"), SharedStages.of("""
        ARG TARGETARCH
        FROM --platform=$BUILDPLATFORM bb AS tools
        RUN echo tools > /t
        from --platform=${BUILDPLATFORM} bb as deps
        RUN echo deps
        FROM bb AS final
        COPY --from=tools /t /t
        """));
  }

  @Test
  void aCrossCompilersBuilderReadingTargetArchIsPerPlatform() {
    assertEquals(List.of(), SharedStages.of("""
        ARG TARGETARCH
        FROM --platform=$BUILDPLATFORM bb AS build
        ARG TARGETARCH
        RUN echo $TARGETARCH > /out
        FROM bb
        COPY --from=build /out /out
        """));
  }

  @Test
  void unnamedOtherPlatformOrCopyingStagesAreNotShared() {
    assertEquals(List.of(), SharedStages.of("""
        FROM --platform=$BUILDPLATFORM bb
        RUN true
        FROM --platform=linux/arm64 bb AS arm
        FROM --platform=$BUILDPLATFORM bb AS later
        COPY --from=arm / /
        """));
  }
}
