package dev.gantry.extauth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ExtAuthApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExtAuthApplication.class, args);
    }
}
