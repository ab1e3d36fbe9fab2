using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fulfillment.Workflows.EntityFrameworkCore.Migrations
{
    /// <inheritdoc />
    public partial class AddTimers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DueAt",
                table: "Bookmarks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SchedulerJobId",
                table: "Bookmarks",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Bookmarks_DueAt",
                table: "Bookmarks",
                column: "DueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Bookmarks_DueAt",
                table: "Bookmarks");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "Bookmarks");

            migrationBuilder.DropColumn(
                name: "SchedulerJobId",
                table: "Bookmarks");
        }
    }
}
