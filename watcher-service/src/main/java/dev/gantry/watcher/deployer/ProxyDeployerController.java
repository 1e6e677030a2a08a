package dev.gantry.watcher.deployer;

import dev.gantry.model.parameters.GatewayParameters;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Drives the {@link ProxyDeployer}: watches Gateways, GatewayClasses and GatewayParameters, and reconciles every
 * Gateway a change may concern on one worker thread (changes to the same Gateway coalesce while it waits). Acts only
 * while {@code isLeader} says so; {@link #reconcileAll()} is the hook for "just became leader".
 */
public class ProxyDeployerController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyDeployerController.class);
    private static final long RETRY_SECONDS = 5;

    private final KubernetesClient client;
    private final ProxyDeployer deployer;
    private final DeployerProperties properties;
    private final BooleanSupplier isLeader;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gantry-proxy-deployer");
        thread.setDaemon(true);
        return thread;
    });
    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Gateway> gateways;

    public ProxyDeployerController(KubernetesClient client, ProxyDeployer deployer, DeployerProperties properties,
            BooleanSupplier isLeader) {
        this.client = client;
        this.deployer = deployer;
        this.properties = properties;
        this.isLeader = isLeader;
    }

    public void start() {
        long resync = properties.resync().toMillis();
        gateways = properties.namespaces().size() == 1
                ? client.resources(Gateway.class).inNamespace(properties.namespaces().get(0)).inform(onGateway(), resync)
                : client.resources(Gateway.class).inAnyNamespace().inform(onGateway(), resync);
        informers.add(gateways);
        informers.add(client.resources(GatewayClass.class).inform(onAnyChange(), resync));
        informers.add(client.resources(GatewayParameters.class).inAnyNamespace().inform(onAnyChange(), resync));
        // A load balancer assigns its address after the Service exists: follow our proxy Services for the status.
        informers.add(client.services().inAnyNamespace()
                .withLabel("app.kubernetes.io/managed-by", ProxyObjectsFactory.MANAGED_BY)
                .inform(onProxyService(), resync));
        // not tied to any Gateway: a fresh install has none yet, and xds-service cannot start without its Secret
        worker.scheduleWithFixedDelay(this::ensureServerCertificate, 0, resync, TimeUnit.MILLISECONDS);
    }

    private void ensureServerCertificate() {
        if (!isLeader.getAsBoolean()) {
            return;
        }
        try {
            deployer.ensureServerCertificate();
        } catch (RuntimeException e) {
            log.warn("issuing xds-service's server certificate failed; retrying at the next resync: {}",
                    e.getMessage());
        }
    }

    /** Reconciles every known Gateway; call it when this replica becomes the leader. */
    public void reconcileAll() {
        if (gateways != null) {
            gateways.getStore().list().forEach(this::enqueue);
        }
    }

    private ResourceEventHandler<Gateway> onGateway() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Gateway gateway) {
                enqueue(gateway);
            }

            @Override
            public void onUpdate(Gateway before, Gateway after) {
                enqueue(after);
            }

            @Override
            public void onDelete(Gateway gateway, boolean finalStateUnknown) {
                enqueue(gateway);
            }
        };
    }

    /** A proxy Service is named after its Gateway. */
    private ResourceEventHandler<Service> onProxyService() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service service) {
                enqueueGatewayOf(service);
            }

            @Override
            public void onUpdate(Service before, Service after) {
                enqueueGatewayOf(after);
            }

            @Override
            public void onDelete(Service service, boolean finalStateUnknown) {
                enqueueGatewayOf(service);
            }
        };
    }

    private void enqueueGatewayOf(Service service) {
        if (gateways == null) {
            return;
        }
        Gateway gateway = gateways.getStore().getByKey(Cache.metaNamespaceKeyFunc(service));
        if (gateway != null) {
            enqueue(gateway);
        }
    }

    /** A class or parameters change can concern any Gateway; there are few, so recheck them all. */
    private <T> ResourceEventHandler<T> onAnyChange() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                reconcileAll();
            }

            @Override
            public void onUpdate(T before, T after) {
                reconcileAll();
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                reconcileAll();
            }
        };
    }

    private void enqueue(Gateway gateway) {
        if (!watched(gateway.getMetadata().getNamespace())) {
            return;
        }
        String key = Cache.metaNamespaceKeyFunc(gateway);
        synchronized (pending) {
            if (!pending.add(key)) {
                return;
            }
        }
        worker.execute(() -> process(key));
    }

    private boolean watched(String namespace) {
        return properties.namespaces().isEmpty() || properties.namespaces().contains(namespace);
    }

    private void process(String key) {
        synchronized (pending) {
            pending.remove(key);
        }
        if (!isLeader.getAsBoolean()) {
            return;
        }
        String[] namespaceAndName = key.split("/", 2);
        Gateway gateway = gateways.getStore().getByKey(key);
        try {
            if (gateway == null || gateway.getMetadata().getDeletionTimestamp() != null) {
                deployer.removeOwned(namespaceAndName[0], namespaceAndName[1]);
            } else if (deployer.reconcile(gateway) == ProxyDeployer.Outcome.NOT_OURS) {
                // the Gateway may have moved to another class: what we deployed before is no longer ours to run
                deployer.removeOwned(namespaceAndName[0], namespaceAndName[1]);
            }
        } catch (RuntimeException e) {
            log.warn("reconciling the proxy of Gateway {} failed; retrying in {}s: {}", key, RETRY_SECONDS,
                    e.getMessage());
            worker.schedule(() -> {
                Gateway latest = gateways.getStore().getByKey(key);
                if (latest != null) {
                    enqueue(latest);
                } else {
                    process(key);
                }
            }, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        worker.shutdownNow();
    }
}
