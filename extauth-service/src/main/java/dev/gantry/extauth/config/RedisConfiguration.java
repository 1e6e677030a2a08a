package dev.gantry.extauth.config;

import dev.gantry.extauth.policy.PolicyNoticeListener;
import dev.gantry.proto.RedisLayout;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.RedisSerializer;

/** Byte-level access to the translator's policy hashes and a subscription to its policy notices. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GantryRedisProperties.class, ExtAuthProperties.class})
public class RedisConfiguration {

    @Bean
    RedisLayout redisLayout(GantryRedisProperties properties) {
        return properties.layout();
    }

    @Bean
    RedisTemplate<String, byte[]> gantryPolicyRedisTemplate(RedisConnectionFactory connectionFactory) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connectionFactory);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashValueSerializer(RedisSerializer.byteArray());
        return template;
    }

    @Bean
    RedisMessageListenerContainer policyNoticeContainer(RedisConnectionFactory connectionFactory,
            PolicyNoticeListener listener, RedisLayout layout) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.addMessageListener(listener, new ChannelTopic(layout.policyNoticeChannel()));
        // started by NoticeSubscription, not with the context: subscribing fails while Redis is away, and the
        // service must start (alive, not ready) and subscribe once Redis answers
        container.setAutoStartup(false);
        return container;
    }
}
