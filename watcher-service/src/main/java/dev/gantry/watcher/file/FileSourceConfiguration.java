package dev.gantry.watcher.file;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.watcher.WatcherProperties;
import dev.gantry.watcher.publish.ResourcePublisher;
import dev.gantry.watcher.publish.SyncStatus;
import dev.gantry.watcher.publish.WatcherMetrics;
import dev.gantry.watcher.resource.ResourceObjects;

/** The folder source, active when {@code gantry.watcher.source=file} (the default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gantry.watcher", name = "source", havingValue = "file", matchIfMissing = true)
class FileSourceConfiguration {

    @Bean
    ManifestFolder manifestFolder(WatcherProperties properties, ResourceObjects resourceObjects,
            WatcherMetrics metrics) {
        Path root = properties.file().directory().toAbsolutePath().normalize();
        return new ManifestFolder(root, new ManifestParser(resourceObjects, properties.file().parseBudget()), metrics,
                properties.file().maxFileSize().toBytes());
    }

    @Bean
    FolderWatcher folderWatcher(ManifestFolder folder, ResourcePublisher publisher, SyncStatus status,
            WatcherProperties properties, WatcherMetrics metrics) {
        return new FolderWatcher(folder, publisher, status, properties.file().debounce(), metrics);
    }
}
