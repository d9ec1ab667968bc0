package io.interpose.lab;

import static io.interpose.lab.LabCalls.bind;
import static io.interpose.lab.LabCalls.guarded;

import io.interpose.compute.lab.LabDatacenter;
import io.interpose.manager.api.Access;
import io.interpose.manager.api.ApiRoutes;
import io.interpose.manager.api.Json;
import io.interpose.manager.api.Requests;
import java.util.List;

/**
 * The lab admin API's networks and IP pools: {@code /networks} (GET, POST), {@code /networks/{id}}
 * (DELETE, refused while its pools have allocations), {@code /networks/{id}/pools} (POST),
 * {@code /pools/{id}} (DELETE, refused while allocated), {@code /pools/{id}/allocations} (GET).
 * Invalid addresses and ranges are 400s naming the field; overlaps and allocations in use are 409s.
 */
final class LabNetworkRoutes {
    private final LabDatacenter lab;

    LabNetworkRoutes(LabDatacenter lab) {
        this.lab = lab;
    }

    void routes(ApiRoutes routes, String base, Access read, Access write) {
        routes.get(base + "/networks", read, guarded(ctx -> Requests.json(ctx, 200, list(lab.networks()))));
        routes.post(base + "/networks", write, guarded(ctx -> {
            NetworkRequest r = bind(ctx, NetworkRequest.class);
            Requests.json(ctx, 201, Json.tree(lab.addNetwork(r.id(), r.displayName(), r.cidr(), r.gateway())));
        }));
        routes.delete(base + "/networks/{id}", write, guarded(ctx -> lab.removeNetwork(ctx.pathParam("id"))));
        routes.post(base + "/networks/{id}/pools", write, guarded(ctx -> {
            PoolRequest r = bind(ctx, PoolRequest.class);
            Requests.json(ctx, 201, Json.tree(lab.addPool(r.id(), ctx.pathParam("id"), r.firstAddress(), r.lastAddress())));
        }));
        routes.delete(base + "/pools/{id}", write, guarded(ctx -> lab.removePool(ctx.pathParam("id"))));
        routes.get(base + "/pools/{id}/allocations", read, guarded(ctx ->
                Requests.json(ctx, 200, list(lab.allocations(ctx.pathParam("id"))))));
    }

    private static <T> com.fasterxml.jackson.databind.JsonNode list(List<T> all) {
        return Requests.list(all, all.size(), "", Json::tree);
    }

    record NetworkRequest(String id, String displayName, String cidr, String gateway) {}

    record PoolRequest(String id, String firstAddress, String lastAddress) {}
}
