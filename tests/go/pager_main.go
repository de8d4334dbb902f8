// The pagination fixture's Go SDK walked page by page (tests/test_go_pagination_wire.py):
// each scenario prints one line per item ("index value") as the auto-pager yields it, or what
// the page methods answer, and the test compares the requests with the Python SDK's.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"pager"
	"pager/option"
	"pager/packages/pagination"
)

func drain[T any](it *pagination.PageAutoPager[T], show func(T) string) {
	for it.Next() {
		fmt.Printf("%d %s\n", it.Index(), show(it.Current()))
	}
	if err := it.Err(); err != nil {
		var apiErr *pager.Error
		if errors.As(err, &apiErr) {
			fmt.Printf("error %d\n", apiErr.StatusCode)
		} else {
			fmt.Printf("error %v\n", err)
		}
	}
}

func main() {
	ctx := context.Background()
	c := pager.NewClient(option.WithMaxRetries(0))
	file := func(f pager.FilesListFilesResponseData) string { return f.ID }
	run := func(r pager.RecordsSearchRecordsResponseItems) string { return r.Name }
	job := func(j pager.DocumentsListDocumentsResponse) string { return fmt.Sprint(j.JobID) }
	pet := func(p pager.PetsListPetsResponseResults) string { return p.Name }
	switch os.Args[1] {
	case "files":
		drain(c.Files.ListFilesAutoPaging(ctx, pager.FilesListFilesParams{
			Limit:   pager.Int(2),
			Purpose: pager.F("x"),
		}, option.WithHeader("X-Trace", "t")), file)
	case "runs":
		drain(c.Runs.ListRunsAutoPaging(ctx, pager.RunsListRunsParams{PageSize: pager.Int(1)}), run)
	case "runs-from":
		drain(c.Runs.ListRunsAutoPaging(ctx, pager.RunsListRunsParams{PageToken: pager.F("t1")}), run)
	case "records":
		drain(c.Records.SearchRecordsAutoPaging(ctx, pager.RecordsSearchRecordsParams{
			Filter:   pager.F("f"),
			PageSize: pager.Int(2),
		}), run)
	case "jobs":
		drain(c.Jobs.ListJobsAutoPaging(ctx, pager.JobsListJobsParams{Limit: pager.Int(2)}), job)
	case "documents":
		drain(c.Documents.ListDocumentsAutoPaging(ctx, pager.DocumentsListDocumentsParams{
			Skip:  pager.Int(10),
			Limit: pager.Int(2),
		}), job)
	case "documents-limit":
		drain(c.Documents.ListDocumentsAutoPaging(ctx, pager.DocumentsListDocumentsParams{Limit: pager.Int(2)}), job)
	case "pets":
		drain(c.Pets.ListPetsAutoPaging(ctx, pager.PetsListPetsParams{PerPage: pager.Int(1)}), pet)
	case "repos":
		drain(c.Repos.ListReposAutoPaging(ctx, pager.ReposListReposParams{
			PerPage: pager.Int(2),
			Sort:    pager.F("new"),
		}), pet)
	case "events":
		drain(c.Events.ListEventsAutoPaging(ctx, pager.EventsListEventsParams{}),
			func(e pager.EventsListEventsResponseEntries) string { return e.Kind })
	case "channels":
		drain(c.Channels.ListChannelsAutoPaging(ctx, pager.ChannelsListChannelsParams{Limit: pager.Int(2)}),
			func(ch pager.ChannelsListChannelsResponseResultChannels) string { return ch.ID })
	case "deployments":
		drain(c.Deployments.ListDeploymentsAutoPaging(ctx, pager.DeploymentsListDeploymentsParams{Limit: pager.Int(2)}),
			func(d pager.DeploymentsListDeploymentsResponseItems) string { return d.Name })
	case "controls":
		page, err := c.Files.ListFiles(ctx, pager.FilesListFilesParams{})
		if err != nil {
			panic(err)
		}
		fmt.Println(len(page.Items), page.Items[0].ID, page.HasNextPage(), page.RawJSON() != "")
		next, err := page.GetNextPage()
		if err != nil {
			panic(err)
		}
		fmt.Println(next.Items[0].ID, next.Items[1].ID, next.HasNextPage())
		last, err := next.GetNextPage()
		if err != nil {
			panic(err)
		}
		fmt.Println(len(last.Items), last.HasNextPage())
		after, err := last.GetNextPage()
		fmt.Println(after == nil, err == nil)
	default:
		panic("unknown scenario " + os.Args[1])
	}
}
