package dev.gantry.support.policy;

import dev.gantry.proto.RedisLayout;
import dev.gantry.support.redis.GantryRedisProperties;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.RedisSerializer;
import reactor.core.Disposable;

/**
 * Loads the policies a service declares with a {@link PolicySource} bean from Redis, as the translator writes them
 * (docs/architecture.md, "Redis: policy configurations"): the initial load, the change notices, a reconcile pass
 * on every (re)connect and every reconcile interval, and readiness ({@code policyLoad}). Redis itself (standalone,
 * Sentinel or Cluster, TLS, ACL user) is Spring Boot's {@code spring.data.redis.*}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({RedisConnectionFactory.class, RedisLayout.class})
@ConditionalOnBean(PolicySource.class)
@EnableConfigurationProperties(GantryRedisProperties.class)
public class PolicyLoadingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RedisLayout redisLayout(GantryRedisProperties properties) {
        return properties.layout();
    }

    /** Policy hashes hold protobuf bytes under string keys and fields. */
    @Bean
    RedisTemplate<String, byte[]> policyRedisTemplate(RedisConnectionFactory connectionFactory) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connectionFactory);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        return template;
    }

    @Bean
    PolicyReader policyReader(RedisTemplate<String, byte[]> policyRedisTemplate, RedisLayout layout,
            PolicySource source) {
        return new PolicyReader(policyRedisTemplate, layout, source.kind());
    }

    @Bean
    PolicyLoader policyLoader(PolicyReader reader, PolicySource source, MeterRegistry meters) {
        return new PolicyLoader(reader, source.holder(), meters, source.meterPrefix());
    }

    @Bean
    PolicyNoticeListener policyNoticeListener(PolicyLoader loader, PolicyReader reader, PolicySource source,
            MeterRegistry meters) {
        return new PolicyNoticeListener(loader, reader, meters, source.meterPrefix());
    }

    @Bean
    RedisMessageListenerContainer policyNoticeContainer(RedisConnectionFactory connectionFactory,
            PolicyNoticeListener listener, RedisLayout layout) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.addMessageListener(listener, new ChannelTopic(layout.policyNoticeChannel()));
        // started by NoticeSubscription once Redis answers, so the service starts without Redis
        container.setAutoStartup(false);
        return container;
    }

    @Bean
    NoticeSubscription policyNoticeSubscription(RedisMessageListenerContainer policyNoticeContainer) {
        return new NoticeSubscription(policyNoticeContainer);
    }

    @Bean
    PolicyReconciler policyReconciler(PolicyReader reader, PolicyLoader loader, NoticeSubscription subscription,
            PolicySource source, MeterRegistry meters) {
        return new PolicyReconciler(reader, loader, subscription, source.reconcileInterval(), meters,
                source.meterPrefix());
    }

    @Bean("policyLoadHealthIndicator")
    PolicyLoadHealthIndicator policyLoadHealthIndicator(PolicyReconciler reconciler, PolicyLoader loader,
            PolicySource source) {
        return new PolicyLoadHealthIndicator(reconciler, loader, source.kind());
    }

    /** With Lettuce: a (re)connected Redis may hold changes whose notices were published while it was away. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ClientResources.class, Disposable.class})
    static class ReconcileOnReconnect {

        @Bean(destroyMethod = "dispose")
        Disposable reconcileOnReconnect(ObjectProvider<ClientResources> clientResources, PolicyReconciler reconciler) {
            ClientResources resources = clientResources.getIfAvailable();
            if (resources == null) {
                return () -> { };
            }
            return resources.eventBus().get()
                    .filter(ConnectionActivatedEvent.class::isInstance)
                    .subscribe(event -> reconciler.reconcileSoon());
        }
    }
}
