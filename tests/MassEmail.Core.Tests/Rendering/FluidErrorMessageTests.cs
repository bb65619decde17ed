using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

public sealed class FluidErrorMessageTests
{
    [Theory]
    [InlineData("End of tag '}}' was expected at (1:11)\nSource:\nHello {{ x ", 1, 11, "End of tag '}}' was expected")]
    [InlineData("Unknown tag 'endif' at (12:345)", 12, 345, "Unknown tag 'endif'")]
    [InlineData("Invalid 'for' tag at (2:7)\r\nSource:\n{% for at (9:9) %}", 2, 7, "Invalid 'for' tag")]
    [InlineData("Something odd happened", 1, 1, "Something odd happened")]
    [InlineData("", 1, 1, "Invalid Liquid syntax.")]
    public void Parse_FluidMessage_SplitsPositionAndStripsSource(string error, int line, int column, string message)
    {
        Assert.Equal((line, column, message), FluidErrorMessage.Parse(error));
    }
}
