"""Running the pipeline over many articles: worker processes on one machine (`parallel`), a Dask cluster
(`cluster`), the per-article time limit (`timeouts`), and the choice between them (`runner`).

Takes articles and `Options`; gives `records.ArticleResult`s in input order, failures recorded per article.
"""
