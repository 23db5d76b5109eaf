using ActOnSync.Domain.Sync;

namespace ActOnSync.UnitTests.Sync;

public sealed class FieldMappingTests
{
    private static readonly Func<string, string?> Contact = SyncFixtures.Lookup(
        ("E-mail Address", " Dana.Lee@Example.com "), ("First Name", "Dana"), ("Company", ""), ("Job Title", null));

    [Fact]
    public void Maps_every_rule_and_reports_the_upsert_key()
    {
        var mapping = new FieldMapping(
        [
            new FieldRule("email", from: "E-mail Address", transforms: [FieldTransform.Trim, FieldTransform.Lower]),
            new FieldRule("firstName", from: "First Name"),
            new FieldRule("leadSource", constant: "Act-On"),
        ], "email");

        var record = mapping.Apply(Contact, out var error);

        Assert.Null(error);
        Assert.NotNull(record);
        Assert.Equal(new Dictionary<string, string>
        {
            ["email"] = "dana.lee@example.com",
            ["firstName"] = "Dana",
            ["leadSource"] = "Act-On",
        }, record.Fields);
        Assert.Equal("email", record.KeyProperty);
        Assert.Equal("dana.lee@example.com", record.KeyValue);
    }

    [Fact]
    public void Empty_and_missing_optional_values_are_left_out_of_the_record()
    {
        var record = SyncFixtures.Mapping().Apply(SyncFixtures.Lookup(("E-mail Address", "dana@example.com"), ("Company", "")),
            out var error);

        Assert.Null(error);
        Assert.NotNull(record);
        Assert.Equal(["email"], record.Fields.Keys);
    }

    [Fact]
    public void Required_property_that_is_empty_fails_naming_the_property_and_the_Act_On_field()
    {
        var mapping = new FieldMapping(
        [
            new FieldRule("email", from: "E-mail Address"),
            new FieldRule("title", from: "Job Title", required: true),
        ], "email");

        var record = mapping.Apply(Contact, out var error);

        Assert.Null(record);
        Assert.NotNull(error);
        Assert.Contains("'title'", error);
        Assert.Contains("'Job Title'", error);
    }

    [Fact]
    public void Required_constant_that_is_empty_fails_naming_the_property()
    {
        var mapping = new FieldMapping(
            [new FieldRule("email", from: "E-mail Address"), new FieldRule("source", constant: "", required: true)], "email");

        Assert.Null(mapping.Apply(Contact, out var error));
        Assert.NotNull(error);
        Assert.Contains("'source'", error);
    }

    [Fact]
    public void Missing_upsert_key_fails_even_when_not_marked_required()
    {
        var mapping = new FieldMapping([new FieldRule("email", from: "Email"), new FieldRule("firstName", from: "First Name")], "email");

        var record = mapping.Apply(Contact, out var error);

        Assert.Null(record);
        Assert.NotNull(error);
        Assert.Contains("'email'", error);
        Assert.Contains("'Email'", error);
    }

    [Fact]
    public void Upsert_key_falls_back_to_its_default()
    {
        var mapping = new FieldMapping([new FieldRule("externalId", from: "Missing", defaultValue: "anonymous")], "externalId");

        var record = mapping.Apply(Contact, out _);

        Assert.Equal("anonymous", record?.KeyValue);
    }

    [Fact]
    public void Upsert_key_must_be_a_mapped_property()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            new FieldMapping([new FieldRule("email", from: "E-mail Address")], "phone"));
        Assert.Contains("'phone'", ex.Message);
    }

    [Fact]
    public void Each_property_may_be_mapped_once() =>
        Assert.ThrowsAny<ArgumentException>(() => new FieldMapping(
            [new FieldRule("email", from: "E-mail Address"), new FieldRule("email", from: "Other Email")], "email"));

    [Fact]
    public void A_mapping_needs_at_least_one_rule() =>
        Assert.ThrowsAny<ArgumentException>(() => new FieldMapping([], "email"));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_mapping_needs_an_upsert_key(string upsertKey) =>
        Assert.ThrowsAny<ArgumentException>(() => new FieldMapping([new FieldRule("email", from: "E-mail Address")], upsertKey));
}
