package dev.gantry.xds.config;

import dev.gantry.proto.RedisLayout;
import dev.gantry.xds.redis.SnapshotNoticeListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.RedisSerializer;

/** Byte-level access to the translator's snapshots and a subscription to its notices. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GantryRedisProperties.class, XdsProperties.class})
public class RedisConfiguration {

    @Bean
    RedisLayout redisLayout(GantryRedisProperties properties) {
        return properties.layout();
    }

    @Bean
    RedisTemplate<String, byte[]> gantrySnapshotRedisTemplate(RedisConnectionFactory connectionFactory) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connectionFactory);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashValueSerializer(RedisSerializer.byteArray());
        return template;
    }

    @Bean
    RedisMessageListenerContainer snapshotNoticeContainer(RedisConnectionFactory connectionFactory,
                                                          SnapshotNoticeListener listener, RedisLayout layout) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connectionFactory);
        container.addMessageListener(listener, new ChannelTopic(layout.noticeChannel()));
        return container;
    }
}
