package io.ecsmedic.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ecsmedic.classify.Signature;
import io.ecsmedic.classify.SignatureCatalog;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catalog}: the signatures ecs-medic knows, by category. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    header = "List the failure signatures by category (highest priority first).",
    description = "List the failure signatures by category (highest priority first).")
final class CatalogCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: ${DEFAULT-VALUE})")
  Format output = Format.text;

  @Option(
      names = "--category",
      description = "Only this category, e.g. IMAGE_PULL (any case)",
      converter = CategoryConverter.class)
  Category category;

  /** Accepts image_pull, Image_Pull or IMAGE_PULL, and lists the categories when it is none. */
  static final class CategoryConverter implements picocli.CommandLine.ITypeConverter<Category> {
    @Override
    public Category convert(String value) {
      try {
        return Category.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "no category \""
                + value
                + "\"; one of "
                + java.util.Arrays.toString(Category.values()));
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    List<Signature> signatures =
        SignatureCatalog.bundled().signatures().stream()
            .filter(s -> category == null || s.category() == category)
            .sorted(
                Comparator.comparing(Signature::category)
                    .thenComparing(Comparator.comparingInt(Signature::priority).reversed())
                    .thenComparing(Signature::id))
            .toList();
    PrintWriter out = spec.commandLine().getOut();
    if (output == Format.json) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (Signature s : signatures) {
        array
            .addObject()
            .put("id", s.id())
            .put("category", s.category().name())
            .put("subcause", s.subcause())
            .put("priority", s.priority())
            .put("summary", s.summary());
      }
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      return Exit.OK;
    }
    Category current = null;
    for (Signature s : signatures) {
      if (s.category() != current) {
        current = s.category();
        out.printf("%n%s%n", current);
      }
      out.printf("  %-22s %3d  %-38s %s%n", s.subcause(), s.priority(), s.id(), s.summary());
    }
    out.printf(
        "%n%s in %s.%n",
        Report.plural(signatures.size(), "signature"),
        Report.plural(
            signatures.stream().map(Signature::category).distinct().count(),
            "category",
            "categories"));
    return Exit.OK;
  }
}
