package dev.gantry.watcher.deployer;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * How the deployer writes to the mock server in tests. fabric8's CRUD mock server does not implement server-side
 * apply: it answers the apply PATCH (application/apply-patch+yaml) with 404 for an object that does not exist and
 * 415 Unsupported Media Type for one that does. So tests create-or-update the same objects instead; what the
 * deployer builds, when it writes and what it deletes are the same. Production uses
 * {@link ApplyStrategy#serverSideApply()}.
 */
final class TestApply {

    static final ApplyStrategy STRATEGY = (client, object) -> {
        // The API server ignores status in an update, the CRUD mock replaces it: keep a Service's status (its
        // load-balancer address) as the real server would. The resourceVersion makes the update fail with 409
        // (and the deployer retry) if the status changes between this read and the write, instead of erasing it.
        if (object instanceof Service service) {
            Service existing = client.resource(service).get();
            if (existing != null) {
                service.setStatus(existing.getStatus());
                service.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            }
        }
        client.resource(object).createOr(NonDeletingOperation::update);
    };

    private TestApply() {
    }
}
