using ActOnSync.Infrastructure.Crm;
using Microsoft.Extensions.Configuration;

namespace ActOnSync.UnitTests.Sync;

public sealed class DestinationCatalogTests
{
    private readonly FakeDestinationType _fake = new();

    private DestinationCatalog Catalog(IConfiguration configuration) =>
        new(configuration, [_fake, new FakeDestinationType("Webhook")]);

    private IReadOnlyList<string> Errors(IConfiguration configuration) =>
        Assert.Throws<InvalidConfigurationException>(() => Catalog(configuration)).Errors;

    /// <summary>The single error, which must start with <paramref name="key"/>.</summary>
    private string SingleErrorAt(string key, params (string Key, string? Value)[] extra)
    {
        var error = Assert.Single(Errors(SyncFixtures.DestinationConfig(extra)));
        Assert.StartsWith(key + " ", error);
        return error;
    }

    [Fact]
    public void Valid_configuration_builds_a_destination_with_its_type_mapping_and_adapter()
    {
        var catalog = Catalog(SyncFixtures.DestinationConfig(("Destinations:crm:Url", "https://crm.example.com/api")));

        var destination = Assert.Single(catalog.All);
        Assert.Equal(("crm", "Fake", true, 4), (destination.Name, destination.Type, destination.Enabled, destination.MaxConcurrency));
        Assert.Same(_fake.Adapter, destination.Adapter);
        Assert.Equal("email", destination.Mapping.UpsertKey);
        Assert.Equal("E-mail Address", Assert.Single(destination.Mapping.Rules).From);
        Assert.Equal("https://crm.example.com/api", destination.Settings["Url"]);
    }

    [Fact]
    public void Destinations_are_found_by_name_ignoring_case()
    {
        var catalog = Catalog(SyncFixtures.DestinationConfig(
            ("Destinations:hook:Type", "webhook"), ("Destinations:hook:UpsertKey", "id"), ("Destinations:hook:Fields:id:From", "recId")));

        Assert.Equal(["crm", "hook"], catalog.All.Select(d => d.Name).Order());
        Assert.Equal("Webhook", catalog.Find("HOOK")?.Type);
        Assert.Same(catalog.All.Single(d => d.Name == "crm"), catalog.Find("Crm"));
        Assert.Null(catalog.Find("salesforce"));
    }

    [Fact]
    public void No_destinations_is_an_empty_catalog() => Assert.Empty(Catalog(SyncFixtures.Config()).All);

    [Theory]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("true", true)]
    public void Enabled_is_read(string enabled, bool expected) =>
        Assert.Equal(expected, Assert.Single(Catalog(SyncFixtures.DestinationConfig(("Destinations:crm:Enabled", enabled))).All).Enabled);

    [Theory]
    [InlineData("0")]
    [InlineData("no")]
    [InlineData("flase")]
    public void Enabled_that_is_not_a_boolean_is_reported(string enabled) =>
        Assert.Contains($"'{enabled}'", SingleErrorAt("Destinations:crm:Enabled", ("Destinations:crm:Enabled", enabled)));

    [Fact]
    public void Max_concurrency_overrides_the_type_default() =>
        Assert.Equal(12, Assert.Single(Catalog(SyncFixtures.DestinationConfig(("Destinations:crm:MaxConcurrency", "12"))).All).MaxConcurrency);

    [Theory]
    [InlineData("0")]
    [InlineData("257")]
    [InlineData("many")]
    public void Max_concurrency_out_of_range_is_reported(string value) =>
        Assert.Contains($"'{value}'", SingleErrorAt("Destinations:crm:MaxConcurrency", ("Destinations:crm:MaxConcurrency", value)));

    [Fact]
    public void Missing_type_is_reported_with_the_valid_types()
    {
        var error = SingleErrorAt("Destinations:crm:Type", ("Destinations:crm:Type", null));

        Assert.Contains("Fake, Webhook", error);
    }

    [Fact]
    public void Unknown_type_is_reported_with_the_valid_types()
    {
        var error = SingleErrorAt("Destinations:crm:Type", ("Destinations:crm:Type", "Marketo"));

        Assert.Contains("'Marketo'", error);
        Assert.Contains("Fake, Webhook", error);
    }

    [Fact]
    public void Type_is_matched_ignoring_case() =>
        Assert.Equal("Fake", Assert.Single(Catalog(SyncFixtures.DestinationConfig(("Destinations:crm:Type", "FAKE"))).All).Type);

    [Fact]
    public void Mapping_errors_are_reported_by_the_catalog() =>
        SingleErrorAt("Destinations:crm:Fields:email:Transforms:0", ("Destinations:crm:Fields:email:Transforms:0", "titlecase"));

    [Fact]
    public void Adapter_setting_errors_are_reported_by_the_catalog() =>
        SingleErrorAt("Destinations:crm:Url", ("Destinations:crm:Url", "ftp://crm.example.com"));

    [Fact]
    public void Every_error_of_every_destination_is_reported_at_once()
    {
        var errors = Errors(SyncFixtures.DestinationConfig(
            ("Destinations:crm:MaxConcurrency", "0"),
            ("Destinations:crm:Fields:email:Truncate", "x"),
            ("Destinations:crm:Url", "not a url"),
            ("Destinations:hook:Type", "Marketo"),
            ("Destinations:other:Fields:id:From", "recId")));

        Assert.Equal(
        [
            "Destinations:crm:MaxConcurrency", "Destinations:crm:Fields:email:Truncate", "Destinations:crm:Url",
            "Destinations:hook:Type", "Destinations:other:Type",
        ], errors.Select(e => e[..e.IndexOf(' ')]));
    }

    [Fact]
    public void Exception_message_lists_every_error()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => Catalog(SyncFixtures.DestinationConfig(
            ("Destinations:crm:MaxConcurrency", "0"), ("Destinations:crm:UpsertKey", "phone"))));

        Assert.Equal(2, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Contains(e, ex.Message));
    }
}
