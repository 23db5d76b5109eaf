using ActOnSync.Domain.Sync;
using ActOnSync.Infrastructure.Crm;
using static ActOnSync.Domain.Sync.FieldTransform;

namespace ActOnSync.UnitTests.Sync;

/// <summary>Reading <c>Destinations:crm:Fields</c> and <c>:UpsertKey</c>; every error names its full key.</summary>
public sealed class FieldMappingSectionTests
{
    private const string Email = "Destinations:crm:Fields:email";

    private static (FieldMapping? Mapping, List<string> Errors) Read(params (string Key, string? Value)[] extra)
    {
        var errors = new List<string>();
        var section = new DestinationSection(SyncFixtures.DestinationConfig(extra).GetSection("Destinations:crm"));
        return (FieldMappingSection.Read(section, errors), errors);
    }

    private static FieldMapping Valid(params (string Key, string? Value)[] extra)
    {
        var (mapping, errors) = Read(extra);
        Assert.Empty(errors);
        Assert.NotNull(mapping);
        return mapping;
    }

    /// <summary>The single error, which must start with <paramref name="key"/>.</summary>
    private static string SingleErrorAt(string key, params (string Key, string? Value)[] extra)
    {
        var (mapping, errors) = Read(extra);
        Assert.Null(mapping);
        var error = Assert.Single(errors);
        Assert.StartsWith(key + " ", error);
        return error;
    }

    [Fact]
    public void Full_field_is_read_into_its_rule()
    {
        var mapping = Valid(
            ($"{Email}:Transforms:0", "trim"), ($"{Email}:Transforms:1", "LOWER"), ($"{Email}:Truncate", "80"),
            ($"{Email}:Default", "unknown@example.com"), ($"{Email}:Required", "true"),
            ("Destinations:crm:Fields:LeadSource:Constant", "Act-On"));

        Assert.Equal("email", mapping.UpsertKey);
        var email = Assert.Single(mapping.Rules, r => r.Target == "email");
        Assert.Equal(new FieldRule("email", from: "E-mail Address", defaultValue: "unknown@example.com",
            transforms: email.Transforms, truncate: 80, required: true), email);
        Assert.Equal([Trim, Lower], email.Transforms);
        var source = Assert.Single(mapping.Rules, r => r.Target == "LeadSource");
        Assert.Equal(("Act-On", null), (source.Constant, source.From));
    }

    [Fact]
    public void Transforms_may_be_a_comma_separated_string() =>
        Assert.Equal([Trim, Lower], Valid(($"{Email}:Transforms", "trim, lower")).Rules[0].Transforms);

    [Fact]
    public void Field_without_options_is_optional_with_no_transforms()
    {
        var rule = Valid().Rules[0];

        Assert.Equal((false, null, null), (rule.Required, rule.Truncate, rule.Default));
        Assert.Empty(rule.Transforms);
    }

    [Fact]
    public void Empty_fields_are_reported() =>
        Assert.Contains("is empty", SingleErrorAt("Destinations:crm:Fields", ($"{Email}:From", null)));

    [Fact]
    public void Field_with_both_from_and_constant_is_reported() =>
        Assert.Contains("exactly one of From", SingleErrorAt(Email, ($"{Email}:Constant", "x")));

    [Fact]
    public void Field_with_neither_from_nor_constant_is_reported() =>
        SingleErrorAt("Destinations:crm:Fields:phone", ("Destinations:crm:Fields:phone:Truncate", "20"));

    [Theory]
    [InlineData("titlecase")]
    [InlineData("1")]
    [InlineData("")]
    public void Unknown_transform_is_reported_with_its_index(string transform) =>
        Assert.Contains($"'{transform}'", SingleErrorAt($"{Email}:Transforms:0", ($"{Email}:Transforms:0", transform)));

    [Fact]
    public void Unknown_transform_in_a_list_is_reported_at_its_own_index() =>
        SingleErrorAt($"{Email}:Transforms:1", ($"{Email}:Transforms:0", "trim"), ($"{Email}:Transforms:1", "titlecase"));

    [Fact]
    public void Unknown_transform_in_a_comma_separated_string_is_reported_at_its_position() =>
        SingleErrorAt($"{Email}:Transforms:1", ($"{Email}:Transforms", "trim, titlecase"));

    [Fact]
    public void Several_transforms_in_one_list_entry_are_reported() =>
        SingleErrorAt($"{Email}:Transforms:0", ($"{Email}:Transforms:0", "lower,upper"));

    [Theory]
    [InlineData("x")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("2.5")]
    public void Truncate_that_is_not_a_positive_whole_number_is_reported(string truncate) =>
        Assert.Contains($"'{truncate}'", SingleErrorAt($"{Email}:Truncate", ($"{Email}:Truncate", truncate)));

    [Fact]
    public void Required_that_is_not_a_boolean_is_reported() =>
        Assert.Contains("'maybe'", SingleErrorAt($"{Email}:Required", ($"{Email}:Required", "maybe")));

    [Fact]
    public void Missing_upsert_key_is_reported() =>
        SingleErrorAt("Destinations:crm:UpsertKey", ("Destinations:crm:UpsertKey", null));

    [Fact]
    public void Upsert_key_that_is_not_mapped_is_reported() =>
        Assert.Contains("'phone'", SingleErrorAt("Destinations:crm:UpsertKey", ("Destinations:crm:UpsertKey", "phone")));

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var (mapping, errors) = Read(
            ($"{Email}:Transforms:0", "titlecase"), ($"{Email}:Truncate", "x"), ($"{Email}:Required", "maybe"),
            ("Destinations:crm:Fields:phone:Constant", "1"), ("Destinations:crm:Fields:phone:From", "Phone"));

        Assert.Null(mapping);
        Assert.Equal(
            [$"{Email}:Transforms:0", $"{Email}:Truncate", $"{Email}:Required", "Destinations:crm:Fields:phone"],
            errors.Select(e => e[..e.IndexOf(' ')]));
    }
}
