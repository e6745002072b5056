/** Internal, no compatibility promise (may change without notice): Docker's inspect shapes (the Engine API's ImageInspect, ContainerInspectResponse, Volume and Network) as records, filled by the application services, printed by the CLI's inspect commands and served by the Engine API. */
package dev.hoist.internal.service.docker;
