package org.margin;

import org.margin.audit.offline.VerifyExportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication(exclude = MongoAutoConfiguration.class)
@ConfigurationPropertiesScan
public class MarginApplication {

    public static void main(String[] args) {
        if (args.length > 0 && "verify-export".equals(args[0])) {
            System.exit(VerifyExportCommand.run(args, System.out));
        }
        SpringApplication.run(MarginApplication.class, args);
    }
}
