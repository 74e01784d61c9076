-- W1 (test/bench/w1.graphql) as ONE statement that builds the whole response in PostgreSQL.
-- $1: the region's global ID (base64url of 'Region:<uuid>'), $2: `first` (page size).
-- Global IDs and cursors are base64url without padding: PostgreSQL's base64 uses + / =
-- and breaks lines every 76 characters, so translate() maps + / to - _ and drops = and \n.
with scope as (
  select r.path
  from region r
  where r.id = (
    select case when split_part(d.raw, ':', 1) = 'Region' then split_part(d.raw, ':', 2)::uuid end
    from (
      select convert_from(
        decode(rpad(translate($1::text, '-_', '+/'), (length($1::text) + 3) / 4 * 4, '='), 'base64'),
        'UTF8'
      ) as raw
    ) d
  )
),
-- first + 1 rows, newest first, so hasNextPage needs no count.
fetched as (
  select p.*
  from project p
  join region r on r.id = p.region_id
  where r.path like (select path from scope) || '%'
  order by p.id desc
  limit $2::int + 1
),
page as (
  select * from fetched order by id desc limit $2::int
)
select json_build_object(
  'projects', json_build_object(
    'pageInfo', json_build_object(
      'hasNextPage', (select count(*) from fetched) > $2::int,
      'endCursor', (
        select translate(encode(convert_to('["projects","' || l.id || '"]', 'UTF8'), 'base64'), E'+/=\n', '-_')
        from page l order by l.id asc limit 1
      )
    ),
    'nodes', coalesce((
      select json_agg(
        json_build_object(
          'id', translate(encode(convert_to('Project:' || p.id, 'UTF8'), 'base64'), E'+/=\n', '-_'),
          'titleZh', p.title_zh,
          'titleEn', p.title_en,
          'status', p.status,
          'category', p.category,
          'startsOn', to_char(p.starts_on, 'YYYY-MM-DD'),
          'endsOn', to_char(p.ends_on, 'YYYY-MM-DD'),
          -- Weighted mean of the milestones, rounded to one decimal as JavaScript's Math.round
          -- does (half up; PostgreSQL's round(float8) rounds half to even); null without any.
          'progress', (
            select floor(sum(m.progress * m.weight)::float / nullif(sum(m.weight), 0) * 10 + 0.5) / 10
            from milestone m where m.project_id = p.id
          ),
          -- Committed (capped at each requirement's quantity) ÷ quantity over all requirements.
          'fillRate', coalesce((
            select sum(least(r.quantity, coalesce((
                select sum(c.quantity) from commitment c where c.requirement_id = r.id and c.status <> 'WITHDRAWN'
              ), 0)))::float / nullif(sum(r.quantity), 0)
            from requirement r where r.project_id = p.id
          ), 0),
          'participants', json_build_object('nodes', coalesce((
            select json_agg(
              json_build_object(
                'id', translate(encode(convert_to('Participant:' || pa.id, 'UTF8'), 'base64'), E'+/=\n', '-_'),
                'role', pa.role,
                'status', pa.status,
                'organization', json_build_object(
                  'id', translate(encode(convert_to('Organization:' || o.id, 'UTF8'), 'base64'), E'+/=\n', '-_'),
                  'nameZh', o.name_zh,
                  'nameEn', o.name_en,
                  'kind', o.kind,
                  'sector', o.sector
                )
              ) order by pa.id
            )
            from (select * from participant x where x.project_id = p.id order by x.id limit 10) pa
            join organization o on o.id = pa.organization_id
          ), '[]'::json)),
          'requirements', json_build_object('nodes', coalesce((
            select json_agg(
              json_build_object(
                'id', translate(encode(convert_to('Requirement:' || q.id, 'UTF8'), 'base64'), E'+/=\n', '-_'),
                'titleZh', q.title_zh,
                'titleEn', q.title_en,
                'kind', q.kind,
                'unit', q.unit,
                'quantity', q.quantity,
                'committed', t.committed,
                'delivered', t.delivered,
                'open', greatest(0, q.quantity - t.committed),
                'commitments', json_build_object('nodes', coalesce((
                  select json_agg(
                    json_build_object(
                      'id', translate(encode(convert_to('Commitment:' || c.id, 'UTF8'), 'base64'), E'+/=\n', '-_'),
                      'quantity', c.quantity,
                      'unit', c.unit,
                      'status', c.status,
                      'organization', json_build_object(
                        'id', translate(encode(convert_to('Organization:' || co.id, 'UTF8'), 'base64'), E'+/=\n', '-_'),
                        'nameZh', co.name_zh,
                        'nameEn', co.name_en
                      )
                    ) order by c.id
                  )
                  from (select * from commitment y where y.requirement_id = q.id order by y.id limit 20) c
                  join organization co on co.id = c.organization_id
                ), '[]'::json))
              ) order by q.id
            )
            from (select * from requirement z where z.project_id = p.id order by z.id limit 10) q
            cross join lateral (
              select
                coalesce(sum(c.quantity) filter (where c.status <> 'WITHDRAWN'), 0)::int as committed,
                coalesce(sum(c.quantity) filter (where c.status = 'DELIVERED'), 0)::int as delivered
              from commitment c where c.requirement_id = q.id
            ) t
          ), '[]'::json)),
          'milestones', json_build_object('nodes', coalesce((
            select json_agg(
              json_build_object(
                'id', translate(encode(convert_to('Milestone:' || m.id, 'UTF8'), 'base64'), E'+/=\n', '-_'),
                'titleZh', m.title_zh,
                'titleEn', m.title_en,
                'dueOn', to_char(m.due_on, 'YYYY-MM-DD'),
                'weight', m.weight,
                'progress', m.progress
              ) order by m.id
            )
            from (select * from milestone w where w.project_id = p.id order by w.id limit 10) m
          ), '[]'::json))
        ) order by p.id desc
      )
      from page p
    ), '[]'::json)
  )
) as data
