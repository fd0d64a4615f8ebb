#pragma once

#include "routestore.h"
#include "wireprotocol.h"

/// The device's route changes from a center's worklist delta (GET /v1/worklist?since=V).
[[nodiscard]] RouteChanges routeChangesFrom(const WireProtocol::WorklistDelta &delta);
