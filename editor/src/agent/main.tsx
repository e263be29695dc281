document.getElementById('root')!.textContent = 'Parley agent workspace — coming soon';
