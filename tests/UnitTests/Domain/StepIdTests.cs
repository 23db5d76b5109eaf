using ActOnSync.Domain.StepExecutions;

namespace ActOnSync.UnitTests.Domain;

public sealed class StepIdTests
{
    [Fact]
    public void Null_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => new StepId(null!));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    public void Blank_is_rejected(string value) =>
        Assert.ThrowsAny<ArgumentException>(() => new StepId(value));

    [Fact]
    public void Longer_than_max_length_is_rejected() =>
        Assert.ThrowsAny<ArgumentException>(() => new StepId(new string('7', StepId.MaxLength + 1)));

    [Fact]
    public void Exactly_max_length_is_accepted() =>
        Assert.Equal(StepId.MaxLength, new StepId(new string('7', StepId.MaxLength)).Value.Length);

    [Theory]
    [InlineData("3")]
    [InlineData("step-12")]
    public void Valid_value_is_kept_verbatim(string value)
    {
        var stepId = new StepId(value);

        Assert.Equal(value, stepId.Value);
        Assert.Equal(value, stepId.ToString());
    }
}
