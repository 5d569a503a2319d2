package org.margin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries the layout promises, held by a test. */
@AnalyzeClasses(packages = "org.margin", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule aggregatesKnowNothingOfTheWebOrTheReadSide = noClasses()
            .that().resideInAPackage("..command..")
            .should().dependOnClassesThat().resideInAnyPackage("..web..", "..query..", "..live..", "org.springframework.web..");

    @ArchTest
    static final ArchRule readModelsNeverLoadAggregates = noClasses()
            .that().resideInAPackage("..query..")
            .should().dependOnClassesThat().resideInAPackage("..command..");

    @ArchTest
    static final ArchRule messagesAreRecords = classes()
            .that().resideInAPackage("..api..").and().areTopLevelClasses()
            .and().areNotInterfaces().and().areNotEnums()
            .and().doNotHaveSimpleName("Limits").and().doNotHaveSimpleName("EventMetadata")
            .should().beRecords();

    @ArchTest
    static final ArchRule theDomainDoesNotDependOnTheLiveLayer = noClasses()
            .that().resideInAnyPackage("..document..", "..group..", "..user..")
            .should().dependOnClassesThat().resideInAPackage("..live..");
}
