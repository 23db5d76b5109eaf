using ActOnSync.Domain.StepExecutions;

namespace ActOnSync.UnitTests.Domain;

public sealed class RecIdTests
{
    [Fact]
    public void Null_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => new RecId(null!));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    public void Blank_is_rejected(string value) =>
        Assert.ThrowsAny<ArgumentException>(() => new RecId(value));

    [Fact]
    public void Longer_than_max_length_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => new RecId(new string('x', RecId.MaxLength + 1)));

    [Fact]
    public void Exactly_max_length_is_accepted() =>
        Assert.Equal(RecId.MaxLength, new RecId(new string('x', RecId.MaxLength)).Value.Length);

    [Theory]
    [InlineData("l-0001:1")]
    [InlineData(" padded ")]
    [InlineData("Ünïcødé")]
    public void Valid_value_is_kept_verbatim(string value)
    {
        var recId = new RecId(value);

        Assert.Equal(value, recId.Value);
        Assert.Equal(value, recId.ToString());
    }

    [Fact]
    public void Equal_values_are_equal_ids() =>
        Assert.Equal(new RecId("l-0001:1"), new RecId("l-0001:1"));
}
