package dev.gantry.xds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class XdsApplication {

    public static void main(String[] args) {
        SpringApplication.run(XdsApplication.class, args);
    }
}
