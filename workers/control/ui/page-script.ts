/**
 * The one script of every UI page, a constant emitted inline and allowed by its hash in the
 * Content-Security-Policy (./security-headers.ts). Pages carry no inline event handlers, which such a
 * policy would block; the script attaches them: the organization switcher, Copy buttons
 * (`data-copy="<id of the element to copy>"`), and the live update of a table with `data-live` (the
 * issue stream, the logs page's tail), which polls that endpoint with the newest cursor it has and puts
 * new or changed rows on top (rows named by `data-row-key`, default `data-issue`).
 */
export const PAGE_SCRIPT = `
(function(){
  var switcher=document.getElementById('organization-switch');
  if(switcher)switcher.addEventListener('change',function(){location.href='/organizations/'+encodeURIComponent(switcher.value)+'/'});
  document.querySelectorAll('button[data-copy]').forEach(function(button){
    button.addEventListener('click',function(){
      var source=document.getElementById(button.dataset.copy);
      navigator.clipboard.writeText(source?source.textContent:'').then(function(){button.textContent='Copied'});
    });
  });
  var table=document.querySelector('table[data-live]'),url=table&&table.dataset.live;if(!url)return;
  var body=table.tBodies[0],cursor=table.dataset.cursor,key=table.dataset.rowKey||'data-issue';
  function poll(){
    fetch(url+(url.indexOf('?')<0?'?':'&')+'since='+encodeURIComponent(cursor||''),{headers:{accept:'application/json'}})
      .then(function(r){return r.ok?r.json():null}).then(function(answer){
        if(!answer)return;cursor=answer.cursor||cursor;
        answer.rows.slice().reverse().forEach(function(row){
          var old=body.querySelector('tr['+key+'="'+row.id+'"]');if(old)old.remove();
          var holder=document.createElement('tbody');holder.innerHTML=row.html;
          var tr=holder.firstElementChild;tr.classList.add('fresh');body.insertBefore(tr,body.firstChild);
        });
        var empty=document.getElementById('empty');if(empty&&answer.rows.length)empty.remove();
      }).catch(function(){}).then(function(){setTimeout(poll,2000)});
  }
  setTimeout(poll,2000);
})();`;
