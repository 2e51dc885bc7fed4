console.log('launcher todo')
