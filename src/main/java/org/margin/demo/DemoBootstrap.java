package org.margin.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.margin.document.api.AddAnnotation;
import org.margin.document.api.EventMetadata;
import org.margin.document.api.Format;
import org.margin.document.api.RegisterDocument;
import org.margin.document.api.Source;
import org.margin.document.api.Target;
import org.margin.document.api.TextQuoteSelector;
import org.margin.group.Groups;
import org.margin.group.api.CreateGroup;
import org.margin.storage.MongoEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * On the first embedded start, a demo group owned by admin with one multilingual sample document and
 * two notes, so a newcomer sees something at once. Off with {@code margin.demo=false}.
 */
@Component
@Order(10)
class DemoBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoBootstrap.class);

    private final Groups groups;
    private final CommandGateway commands;
    private final MongoEndpoint endpoint;
    private final boolean enabled;

    DemoBootstrap(Groups groups, CommandGateway commands, MongoEndpoint endpoint,
                  @Value("${margin.demo:true}") boolean enabled) {
        this.groups = groups;
        this.commands = commands;
        this.endpoint = endpoint;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!enabled || !endpoint.embedded() || !groups.isEmpty()) {
            return;
        }
        String groupId = UUID.randomUUID().toString();
        send(new CreateGroup(groupId, "Demo group", "admin"));
        groups.awaitRevision(groupId, 0, java.time.Duration.ofSeconds(10));
        String documentId = UUID.randomUUID().toString();
        send(new RegisterDocument(documentId, groupId, "Welcome to Margin", Format.MARKDOWN, sample(), "en"));
        send(new AddAnnotation(documentId, UUID.randomUUID().toString(),
                quote("Every change is stored as an event"),
                "This is what makes **replay** and **audit** possible.", List.of("event-sourcing"),
                List.of(new Source(null, "https://www.w3.org/TR/annotation-model/", null, null,
                        "Web Annotation Data Model")), null));
        send(new AddAnnotation(documentId, UUID.randomUUID().toString(), quote("表情符号 🧭 也只算一个码点"),
                "Emoji are one code point each, two UTF-16 units.", List.of("unicode", "中文"), List.of(), null));
        log.info("Created the demo group and sample document {}", documentId);
    }

    private void send(Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(EventMetadata.ACTOR, "admin")));
    }

    private static Target quote(String exact) {
        return new Target(List.of(new TextQuoteSelector(exact, null, null)));
    }

    private static String sample() throws IOException {
        try (InputStream in = new ClassPathResource("demo/welcome.md").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
