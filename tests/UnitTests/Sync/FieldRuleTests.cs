using ActOnSync.Domain.Sync;
using static ActOnSync.Domain.Sync.FieldTransform;

namespace ActOnSync.UnitTests.Sync;

public sealed class FieldRuleTests
{
    private static string? Apply(FieldRule rule, string? value) => rule.Apply(SyncFixtures.Lookup(("Field", value)));

    private static FieldRule From(FieldTransform[]? transforms = null, int? truncate = null, string? defaultValue = null) =>
        new("target", from: "Field", defaultValue: defaultValue, transforms: transforms, truncate: truncate);

    [Fact]
    public void From_reads_the_named_Act_On_field() =>
        Assert.Equal("Dana", From().Apply(SyncFixtures.Lookup(("Other", "x"), ("Field", "Dana"))));

    [Fact]
    public void Constant_is_sent_without_reading_any_field()
    {
        var rule = new FieldRule("LeadSource", constant: "Act-On");

        Assert.Equal("Act-On", rule.Apply(_ => throw new InvalidOperationException("The lookup must not be called.")));
    }

    [Fact]
    public void Neither_from_nor_constant_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => new FieldRule("email"));

    [Fact]
    public void Both_from_and_constant_is_rejected()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new FieldRule("email", from: "E-mail Address", constant: "x"));
        Assert.Contains("email", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_target_is_rejected(string target) =>
        Assert.ThrowsAny<ArgumentException>(() => new FieldRule(target, from: "Field"));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Truncate_must_be_positive(int truncate) =>
        Assert.ThrowsAny<ArgumentException>(() => new FieldRule("t", from: "Field", truncate: truncate));

    [Theory]
    [InlineData(new[] { Trim }, "  Dana Lee  ", "Dana Lee")]
    [InlineData(new[] { Lower }, "Dana.LEE@Example.com", "dana.lee@example.com")]
    [InlineData(new[] { Upper }, "us-ca", "US-CA")]
    [InlineData(new[] { Trim, Upper }, " ca ", "CA")]
    [InlineData(new[] { Lower, Upper }, "Ca", "CA")]
    [InlineData(new[] { Upper, Lower }, "Ca", "ca")]
    public void Transforms_apply_in_order(FieldTransform[] transforms, string value, string expected) =>
        Assert.Equal(expected, Apply(From(transforms), value));

    [Fact]
    public void No_transform_keeps_the_value_as_it_is() => Assert.Equal("  Dana ", Apply(From(), "  Dana "));

    [Theory]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("abc", 3, "abc")]
    [InlineData("ab", 3, "ab")]
    public void Truncate_keeps_at_most_that_many_characters(string value, int truncate, string expected) =>
        Assert.Equal(expected, Apply(From(truncate: truncate), value));

    [Theory]
    [InlineData("ab😀", 3, "ab")]
    [InlineData("ab😀", 4, "ab😀")]
    [InlineData("a😀b", 3, "a😀")]
    [InlineData("a😀b", 2, "a")]
    public void Truncate_never_splits_a_surrogate_pair(string value, int truncate, string expected) =>
        Assert.Equal(expected, Apply(From(truncate: truncate), value));

    [Fact]
    public void Truncate_applies_after_the_transforms() =>
        Assert.Equal("abc", Apply(From([Trim], truncate: 3), "   abcdef"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_or_empty_value_takes_the_default(string? value) =>
        Assert.Equal("Unknown", Apply(From(defaultValue: "Unknown"), value));

    [Fact]
    public void Value_empty_after_the_transforms_takes_the_default() =>
        Assert.Equal("Unknown", Apply(From([Trim], defaultValue: "Unknown"), "   "));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Empty_value_without_a_default_is_null(string? defaultValue) =>
        Assert.Null(Apply(From([Trim], defaultValue: defaultValue), "  "));

    [Fact]
    public void Present_value_ignores_the_default() =>
        Assert.Equal("Dana", Apply(From(defaultValue: "Unknown"), "Dana"));
}
