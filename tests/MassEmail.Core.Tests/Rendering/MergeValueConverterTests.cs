using Fluid.Values;
using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

public sealed class MergeValueConverterTests
{
    [Fact]
    public async Task RenderAsync_UnusualValues_RenderAsTextWithoutThrowing()
    {
        var data = LiquidTestData.Data(record: new Dictionary<string, object?>
        {
            ["nan"] = double.NaN,
            ["huge"] = 1e300,
            ["id"] = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["tags"] = new Dictionary<string, string> { ["team"] = "blue" },
            ["nothing"] = null,
        });

        var message = await LiquidTestData.RenderAsync(
            "s", "x", "{{ record.nan }}|{{ record.huge }}|{{ record.id }}|{{ record.tags.team }}|{{ record.nothing }}", data);

        Assert.Equal("NaN|1E+300|0f8fad5b-d9cb-469f-a165-70867728950e|blue|", message.TextBody);
    }

    [Fact]
    public void ToValue_SelfReferencingList_StopsAtDepthLimit()
    {
        var list = new List<object?>();
        list.Add(list);

        var value = MergeValueConverter.ToValue(list);

        Assert.IsType<ArrayValue>(value);
    }
}
